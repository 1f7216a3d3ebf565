// RouterOS script text → statements of words. Follows the Scripting manual: statements end at a newline or `;`;
// a backslash at the end of a line joins it with the next ("Line joining"); `#` starts a comment line; strings are
// double-quoted with the escapes \" \\ \n \r \t \$ \? \_ (space) \a \b \f \v and \XX (a byte, capital hex);
// `$name` reads a variable (also inside strings); `[ … ]` runs a command and uses its value.
// Sample (what Waymark's netwatch down-script is, after the API unquotes it):
//   /ip route disable [find comment="waymark:route:isp-a:via:isp-a"]
//   /ip firewall connection remove [find connection-mark="to-isp-a"]

import { ROUTEROS_ESCAPES } from "./escapes";

export type Part = { kind: "text"; text: string } | { kind: "var"; name: string } | { kind: "command"; source: string; line: number };

export type ScriptWord = {
  /** `name` of a `name=value` word. */
  key?: string;
  parts: Part[];
  /** Plain unquoted text only: can be a menu name, verb or keyword. */
  bare: boolean;
  line: number;
  column: number;
};

export type Statement = { words: ScriptWord[]; line: number };

export class ScriptSyntaxError extends Error {
  constructor(what: string, line: number, column: number) {
    super(`${what} (line ${line} column ${column})`);
  }
}

const HEX = /^[0-9A-F]{2}$/;
const NAME = /^[A-Za-z0-9_-]$/;

type Cursor = { text: string; at: number; line: number; lineStart: number };

const column = (c: Cursor) => c.at - c.lineStart + 1;
const fail = (c: Cursor, what = "syntax error"): never => {
  throw new ScriptSyntaxError(what, c.line, column(c));
};

const newline = (c: Cursor) => {
  c.line += 1;
  c.lineStart = c.at + 1;
};

const readVariable = (c: Cursor): Part => {
  c.at += 1; // $
  const start = c.at;
  while (c.at < c.text.length && NAME.test(c.text[c.at]!)) c.at += 1;
  if (c.at === start) fail(c);

  return { kind: "var", name: c.text.slice(start, c.at) };
};

const readString = (c: Cursor, parts: Part[]) => {
  c.at += 1; // opening quote
  let text = "";
  const bytes: number[] = [];
  const flushBytes = () => {
    if (bytes.length > 0) text += Buffer.from(bytes.splice(0)).toString("utf8");
  };
  while (c.at < c.text.length) {
    const char = c.text[c.at]!;
    if (char === '"') {
      c.at += 1;
      flushBytes();
      parts.push({ kind: "text", text });
      return;
    }
    if (char === "$") {
      flushBytes();
      parts.push({ kind: "text", text });
      text = "";
      parts.push(readVariable(c));
      continue;
    }
    if (char === "\\") {
      const pair = c.text.slice(c.at + 1, c.at + 3);
      if (HEX.test(pair)) {
        bytes.push(Number.parseInt(pair, 16));
        c.at += 3;
        continue;
      }
      flushBytes();
      const next = c.text[c.at + 1] ?? "";
      c.at += 1;
      if (next === "\n")
        newline(c); // line joining inside a string
      else text += ROUTEROS_ESCAPES[next] ?? fail(c);
      c.at += 1;
      continue;
    }
    flushBytes();
    if (char === "\n") newline(c);
    text += char;
    c.at += 1;
  }
  fail(c);
};

/** Index after the `]` that closes the `[` at c.at, skipping strings and nested brackets. */
const readBracket = (c: Cursor): Part => {
  const line = c.line;
  let depth = 0;
  const start = c.at;
  while (c.at < c.text.length) {
    const char = c.text[c.at]!;
    if (char === '"') {
      readString(c, []);
      continue;
    }
    if (char === "\n") newline(c);
    if (char === "[") depth += 1;
    if (char === "]") depth -= 1;
    c.at += 1;
    if (depth === 0) return { kind: "command", source: c.text.slice(start + 1, c.at - 1), line };
  }

  return fail(c);
};

const isBlank = (char: string | undefined) => char === " " || char === "\t" || char === "\r";

const readWord = (c: Cursor): ScriptWord => {
  const word: ScriptWord = { parts: [], bare: true, line: c.line, column: column(c) };
  let text = "";
  const flush = () => {
    if (text !== "") word.parts.push({ kind: "text", text });
    text = "";
  };
  while (c.at < c.text.length) {
    const char = c.text[c.at]!;
    if (isBlank(char) || char === "\n" || char === ";") break;
    if (char === "\\" && c.text[c.at + 1] === "\n") break; // line joining, handled by the statement loop
    if (char === "{" || char === "}" || char === "(" || char === ")") fail(c, "simulator: blocks and expressions are not simulated");
    if (char === "=" && word.key === undefined && word.bare && text !== "") {
      word.key = text;
      text = "";
      c.at += 1;
      continue;
    }
    if (char === '"' || char === "$" || char === "[") {
      flush();
      word.bare = false;
      if (char === '"') readString(c, word.parts);
      else word.parts.push(char === "$" ? readVariable(c) : readBracket(c));
      continue;
    }
    text += char;
    c.at += 1;
  }
  flush();

  return word;
};

export const parseScript = (source: string, firstLine = 1): Statement[] => {
  const c: Cursor = { text: source, at: 0, line: firstLine, lineStart: 0 };
  const statements: Statement[] = [];
  let words: ScriptWord[] = [];
  let line = c.line;
  const end = () => {
    if (words.length > 0) statements.push({ words, line });
    words = [];
  };
  while (c.at < c.text.length) {
    const char = c.text[c.at]!;
    if (isBlank(char)) c.at += 1;
    else if (char === "\\" && c.text[c.at + 1] === "\n") {
      c.at += 1;
      newline(c);
      c.at += 1;
    } else if (char === "\n" || char === ";") {
      end();
      if (char === "\n") newline(c);
      c.at += 1;
    } else if (char === "#" && words.length === 0) {
      while (c.at < c.text.length && c.text[c.at] !== "\n") c.at += 1;
    } else {
      if (words.length === 0) line = c.line;
      words.push(readWord(c));
    }
  }
  end();

  return statements;
};

/** The word as plain text when it is bare (menu names, verbs, keywords). */
export const bareText = (word: ScriptWord): string | undefined =>
  word.bare && word.key === undefined ? word.parts.map((part) => (part.kind === "text" ? part.text : "")).join("") : undefined;
