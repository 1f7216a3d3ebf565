// Words of one logical export line: `name=value` pairs, bare words (verbs, item names, switches like `fib`) and
// `[ find … ]` selectors. Quoted values use the escapes of the RouterOS Scripting manual ("\" \\ \n \r \t \$ \?
// \_ (space) \a \b \f \v, and \XX: a byte in hex, capital letters"); /export writes non-ASCII text as \XX bytes.
// Real samples (export-6.48.4.rsc):
//
//   comment="VPN \"Allow IPSec-ah\"" log-prefix=#VPN protocol=ipsec-ah src-address-list="VPN server"
//   /interface ethernet set [ find default-name=ether4 ] name="lan A" speed=100Mbps
//   dst-address-type="" dst-port=8291

import { ROUTEROS_ESCAPES } from "../script/escapes";

export type Word = { kind: "pair"; key: string; value: string } | { kind: "bare"; value: string } | { kind: "bracket"; inner: string };

/** The line cannot be read at all (unterminated quote or bracket); the loader reports it and goes on. */
export class ExportSyntaxError extends Error {}

const HEX_DIGIT = /^[0-9A-F]$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** Collects a value as bytes, so \XX escapes of a multi-byte UTF-8 character decode into that character. */
class ValueBytes {
  private bytes: number[] = [];
  text(chars: string): void {
    for (const byte of encoder.encode(chars)) this.bytes.push(byte);
  }
  byte(value: number): void {
    this.bytes.push(value);
  }
  take(): string {
    const bytes = Uint8Array.from(this.bytes);
    this.bytes = [];
    try {
      return utf8.decode(bytes);
    } catch {
      // Same choice as the wire codec: keep every byte rather than turn it into U+FFFD.
      return Buffer.from(bytes).toString("latin1");
    }
  }
}

/** Reads a quoted string starting after its opening quote; returns the index after the closing quote. */
const readQuoted = (text: string, from: number, out: ValueBytes): number => {
  let at = from;
  while (at < text.length) {
    const char = text[at] as string;
    if (char === '"') return at + 1;
    if (char !== "\\") {
      out.text(char);
      at += 1;
      continue;
    }
    const next = text[at + 1] ?? "";
    const second = text[at + 2] ?? "";
    if (HEX_DIGIT.test(next) && HEX_DIGIT.test(second)) {
      out.byte(Number.parseInt(next + second, 16));
      at += 3;
    } else {
      // An unknown escape keeps the character after the backslash: lenient, real exports never write one.
      out.text(ROUTEROS_ESCAPES[next] ?? next);
      at += 2;
    }
  }
  throw new ExportSyntaxError("unterminated quoted value");
};

const skipQuoted = (text: string, from: number): number => {
  let at = from;
  while (at < text.length) {
    if (text[at] === "\\") at += 2;
    else if (text[at] === '"') return at + 1;
    else at += 1;
  }
  throw new ExportSyntaxError("unterminated quoted value");
};

/** Index after the `]` matching the `[` at `from`; brackets nest and quoted text may contain brackets. */
const closeBracket = (text: string, from: number): number => {
  let depth = 0;
  let at = from;
  while (at < text.length) {
    const char = text[at];
    if (char === '"') {
      at = skipQuoted(text, at + 1);
      continue;
    }
    if (char === "[") depth += 1;
    if (char === "]") depth -= 1;
    at += 1;
    if (depth === 0) return at;
  }
  throw new ExportSyntaxError("unterminated [ ]");
};

const isSpace = (char: string | undefined): boolean => char === " " || char === "\t";

const readWord = (text: string, from: number): { word: Word; end: number } => {
  const bytes = new ValueBytes();
  let key: string | undefined;
  let quoted = false;
  let at = from;
  while (at < text.length && !isSpace(text[at])) {
    const char = text[at] as string;
    if (char === '"') {
      at = readQuoted(text, at + 1, bytes);
      quoted = true;
    } else if (char === "=" && key === undefined && !quoted) {
      key = bytes.take();
      at += 1;
    } else {
      bytes.text(char);
      at += 1;
    }
  }
  const value = bytes.take();
  return { word: key === undefined ? { kind: "bare", value } : { kind: "pair", key, value }, end: at };
};

export const tokenize = (text: string): Word[] => {
  const words: Word[] = [];
  let at = 0;
  while (at < text.length) {
    if (isSpace(text[at])) {
      at += 1;
      continue;
    }
    if (text[at] === "[") {
      const end = closeBracket(text, at);
      words.push({ kind: "bracket", inner: text.slice(at + 1, end - 1).trim() });
      at = end;
      continue;
    }
    const { word, end } = readWord(text, at);
    words.push(word);
    at = end;
  }
  return words;
};
