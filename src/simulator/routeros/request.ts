// Splits a command sentence (https://help.mikrotik.com/docs/spaces/ROS/pages/47579160/API "Command word",
// "Attribute word", "API attribute word", "Query word") into its parts.

export type Request = {
  /** "/system/identity/print" */
  command: string;
  args: Map<string, string>;
  queries: string[];
  /** Absent or empty `.tag` means untagged replies. */
  tag?: string;
  proplist?: string[];
};

const splitAttribute = (word: string): [string, string] => {
  const separator = word.indexOf("=", 1);

  return separator < 0 ? [word.slice(1), ""] : [word.slice(1, separator), word.slice(separator + 1)];
};

const parseProplist = (value: string): string[] => value.split(",").filter((name) => name.length > 0);

export const parseRequest = (words: readonly string[]): Request => {
  const [command = "", ...rest] = words;
  const request: Request = { command, args: new Map(), queries: [] };
  for (const word of rest) {
    if (word.startsWith(".tag=")) {
      const tag = word.slice(".tag=".length);
      request.tag = tag === "" ? undefined : tag;
    } else if (word.startsWith(".proplist=")) {
      request.proplist = parseProplist(word.slice(".proplist=".length));
    } else if (word.startsWith("=")) {
      const [name, value] = splitAttribute(word);
      if (name === ".proplist") request.proplist = parseProplist(value);
      else request.args.set(name, value);
    } else if (word.startsWith("?")) {
      request.queries.push(word);
    }
  }

  return request;
};

export const tagWords = (tag: string | undefined): string[] => (tag === undefined ? [] : [`.tag=${tag}`]);

export const rowWords = (row: Readonly<Record<string, string>>): string[] => Object.entries(row).map(([name, value]) => `=${name}=${value}`);
