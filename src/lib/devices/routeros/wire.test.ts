import { describe, expect, it } from "vitest";

import { RouterOsProtocolError } from "./errors";
import { decodeLength, encodeLength, encodeSentence, encodeWord, SentenceReader } from "./wire";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("encodeLength / decodeLength", () => {
  // Boundaries of all five forms (API manual, "API words").
  const cases: [number, string][] = [
    [0, "00"],
    [0x7f, "7f"],
    [0x80, "8080"],
    [256, "8100"],
    [0x3fff, "bfff"],
    [0x4000, "c04000"],
    [0x1fffff, "dfffff"],
    [0x200000, "e0200000"],
    [0xfffffff, "efffffff"],
    [0x10000000, "f010000000"],
    [0xffffffff, "f0ffffffff"],
  ];

  it.each(cases)("encodes %i as %s and decodes it back", (length, expected) => {
    const encoded = encodeLength(length);
    expect(hex(encoded)).toBe(expected);
    expect(decodeLength(encoded)).toBe(length);
  });

  it("rejects lengths it cannot encode", () => {
    expect(() => encodeLength(-1)).toThrow(RangeError);
    expect(() => encodeLength(2 ** 32)).toThrow(RangeError);
    expect(() => encodeLength(1.5)).toThrow(RangeError);
  });

  it("treats first bytes >= 0xF8 (and 0xF1..0xF7) as protocol errors", () => {
    expect(() => decodeLength(Uint8Array.from([0xf8]))).toThrow(RouterOsProtocolError);
    expect(() => decodeLength(Uint8Array.from([0xff]))).toThrow(/control byte/);
    expect(() => decodeLength(Uint8Array.from([0xf3, 0, 0, 0, 0]))).toThrow(RouterOsProtocolError);
  });
});

describe("encodeWord / encodeSentence", () => {
  it("prefixes the UTF-8 byte length, not the character count", () => {
    const word = encodeWord("=comment=ö");
    expect(word[0]).toBe(11);
    expect(word.subarray(1).toString("utf8")).toBe("=comment=ö");
  });

  it("ends a sentence with a zero-length word", () => {
    expect(hex(encodeSentence(["/login"]))).toBe("062f6c6f67696e00");
  });
});

describe("SentenceReader", () => {
  const login = ["/login", "=name=admin", "=password=secret", ".tag=1"];
  const long = "x".repeat(256); // length prefix 0x81 0x00 contains a NUL byte
  const huge = "y".repeat(0x4000); // three-byte prefix

  it("decodes whole sentences from one chunk", () => {
    const reader = new SentenceReader();
    const bytes = Buffer.concat([encodeSentence(login), encodeSentence(["!done", ".tag=1"])]);
    expect(reader.push(bytes)).toEqual([login, ["!done", ".tag=1"]]);
    expect(reader.hasPartial).toBe(false);
  });

  it("decodes when fed one byte at a time, including inside length prefixes", () => {
    const sentence = ["!re", `=long=${long}`, `=huge=${huge}`, "=empty="];
    const bytes = encodeSentence(sentence);
    const reader = new SentenceReader();
    const out: string[][] = [];
    for (const byte of bytes) out.push(...reader.push(Uint8Array.of(byte)));
    expect(out).toEqual([sentence]);
  });

  it("decodes across every possible split point", () => {
    const bytes = Buffer.concat([encodeSentence(["!re", `=a=${long}`]), encodeSentence(["!done"])]);
    for (let split = 1; split < bytes.length; split++) {
      const reader = new SentenceReader();
      const out = [...reader.push(bytes.subarray(0, split)), ...reader.push(bytes.subarray(split))];
      expect(out).toEqual([["!re", `=a=${long}`], ["!done"]]);
    }
  });

  it("keeps a 256-byte word whose prefix is 0x81 0x00", () => {
    const bytes = encodeSentence([long]);
    expect(hex(bytes.subarray(0, 2))).toBe("8100");
    expect(new SentenceReader().push(bytes)).toEqual([[long]]);
  });

  it("ignores empty sentences", () => {
    const reader = new SentenceReader();
    expect(reader.push(Buffer.from([0, 0, ...encodeSentence(["!done"]), 0]))).toEqual([["!done"]]);
  });

  it("throws on a control byte", () => {
    const reader = new SentenceReader();
    expect(() => reader.push(Buffer.from([0x03, 0x21, 0x72, 0x65, 0xf8]))).toThrow(RouterOsProtocolError);
  });

  it("refuses words above the configured limit before allocating them", () => {
    const reader = new SentenceReader({ maxWordBytes: 100 });
    expect(() => reader.push(encodeLength(101))).toThrow(/exceeds limit/);
  });

  it("keeps non-UTF-8 bytes (cp1252 from Winbox) as latin1 instead of dropping them", () => {
    const bytes = Buffer.from([0x0a, ...Buffer.from("=comment="), 0xf6, 0x00]);
    expect(new SentenceReader().push(bytes)).toEqual([["=comment=\u00f6"]]);
  });
});
