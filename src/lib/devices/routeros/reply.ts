// Splits a reply sentence into its reply word, tag, attributes and bare words.
// https://help.mikrotik.com/docs/spaces/ROS/pages/47579160/API ("Reply word", "Tags"):
//   !re  .tag=10  =.id=*A  =address=1.1.1.1/32      (real routers put .tag right after the reply word,
//   !done =ret=*3  .tag=4                             the manual's examples put it last: accept any position)
//   !fatal  not logged in                             (reason is a bare word, not =message=)

import { RouterOsProtocolError, type RouterOsTrap } from "./errors";

export type ReplyKind = "!re" | "!done" | "!trap" | "!empty" | "!fatal";
export type RouterOsRow = Record<string, string>;

export type ReplySentence = {
  kind: ReplyKind;
  tag?: string;
  attributes: RouterOsRow;
  bareWords: string[];
};

const REPLY_KINDS: ReadonlySet<string> = new Set(["!re", "!done", "!trap", "!empty", "!fatal"]);

/** `=name=value` → [name, value]; the value may itself contain `=` and may be empty. */
export const splitAttribute = (word: string): [string, string] => {
  const separator = word.indexOf("=", 1);
  if (separator < 0) return [word.slice(1), ""];

  return [word.slice(1, separator), word.slice(separator + 1)];
};

export const parseReply = (words: readonly string[]): ReplySentence => {
  const [kind, ...rest] = words;
  if (kind === undefined || !REPLY_KINDS.has(kind)) {
    throw new RouterOsProtocolError(`unexpected reply word ${JSON.stringify(kind ?? "")}`);
  }
  const reply: ReplySentence = { kind: kind as ReplyKind, attributes: {}, bareWords: [] };
  for (const word of rest) {
    if (word.startsWith(".tag=")) reply.tag = word.slice(".tag=".length);
    else if (word.startsWith("=")) {
      const [name, value] = splitAttribute(word);
      reply.attributes[name] = value;
    } else reply.bareWords.push(word);
  }

  return reply;
};

export const toTrap = (reply: ReplySentence): RouterOsTrap => {
  const { message, category } = reply.attributes;
  const parsedCategory = category === undefined ? undefined : Number.parseInt(category, 10);

  return {
    message: message ?? reply.bareWords.join(" "),
    category: Number.isNaN(parsedCategory) ? undefined : parsedCategory,
    attributes: reply.attributes,
  };
};

export const fatalReason = (reply: ReplySentence): string => reply.bareWords.join(" ") || reply.attributes.message || "connection closed by router";
