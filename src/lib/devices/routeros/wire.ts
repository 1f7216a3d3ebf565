// RouterOS API wire codec: length-prefixed words, sentences ended by a zero-length word.
// https://help.mikrotik.com/docs/spaces/ROS/pages/47579160/API ("API words", "Sentences").
// Pure: no sockets, shared by the client and the simulator.

import { RouterOsProtocolError } from "./errors";

const MAX_ENCODABLE_LENGTH = 0xffffffff;
export const DEFAULT_MAX_WORD_BYTES = 16 * 1024 * 1024;

export const encodeLength = (length: number): Buffer => {
  if (!Number.isInteger(length) || length < 0 || length > MAX_ENCODABLE_LENGTH) {
    throw new RangeError(`word length out of range: ${length}`);
  }
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x4000) return Buffer.from([(length >>> 8) | 0x80, length & 0xff]);
  if (length < 0x200000) {
    return Buffer.from([(length >>> 16) | 0xc0, (length >>> 8) & 0xff, length & 0xff]);
  }
  if (length < 0x10000000) {
    return Buffer.from([(length >>> 24) | 0xe0, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]);
  }
  const bytes = Buffer.alloc(5);
  bytes[0] = 0xf0;
  bytes.writeUInt32BE(length, 1);
  return bytes;
};

/** Total prefix size announced by the first length byte; throws on control bytes (>= 0xF8) and 0xF1..0xF7. */
export const lengthPrefixSize = (firstByte: number): number => {
  if (firstByte < 0x80) return 1;
  if (firstByte < 0xc0) return 2;
  if (firstByte < 0xe0) return 3;
  if (firstByte < 0xf0) return 4;
  if (firstByte === 0xf0) return 5;
  if (firstByte >= 0xf8) {
    throw new RouterOsProtocolError(`reserved control byte 0x${firstByte.toString(16)} received`);
  }
  throw new RouterOsProtocolError(`invalid length prefix byte 0x${firstByte.toString(16)}`);
};

/** Decodes a complete length prefix (1–5 bytes). */
export const decodeLength = (prefix: Uint8Array): number => {
  const first = prefix[0];
  if (first === undefined) throw new RouterOsProtocolError("empty length prefix");
  const size = lengthPrefixSize(first);
  if (prefix.length !== size) throw new RouterOsProtocolError(`length prefix needs ${size} bytes`);
  if (size === 5) return Buffer.from(prefix).readUInt32BE(1);
  const masks = [0x7f, 0x3f, 0x1f, 0x0f];
  let value = first & (masks[size - 1] ?? 0);
  for (let i = 1; i < size; i++) value = value * 256 + (prefix[i] ?? 0);
  return value;
};

export const encodeWord = (word: string): Buffer => {
  const bytes = Buffer.from(word, "utf8");
  return Buffer.concat([encodeLength(bytes.length), bytes]);
};

export const encodeSentence = (words: readonly string[]): Buffer => Buffer.concat([...words.map(encodeWord), Buffer.from([0])]);

const utf8 = new TextDecoder("utf-8", { fatal: true });

// RouterOS stores words as raw bytes; text typed in Winbox can arrive as cp1252, which is not
// valid UTF-8. Falling back to latin1 keeps every byte instead of turning it into U+FFFD.
export const decodeWord = (bytes: Uint8Array): string => {
  try {
    return utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes).toString("latin1");
  }
};

export type SentenceReaderOptions = { maxWordBytes?: number };

/**
 * Incremental decoder: feed arbitrary chunks (one byte at a time, splits inside length prefixes),
 * get back every sentence completed by that chunk. Empty sentences are ignored, as on RouterOS.
 */
export class SentenceReader {
  readonly #maxWordBytes: number;
  #prefix: number[] = [];
  #prefixSize = 0;
  #word: Buffer | null = null;
  #filled = 0;
  #words: string[] = [];

  constructor(options: SentenceReaderOptions = {}) {
    this.#maxWordBytes = options.maxWordBytes ?? DEFAULT_MAX_WORD_BYTES;
  }

  push(chunk: Uint8Array): string[][] {
    const sentences: string[][] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#word) {
        offset = this.#fillWord(chunk, offset);
        continue;
      }
      const byte = chunk[offset++] as number;
      if (this.#readPrefixByte(byte)) this.#startWord(sentences);
    }
    return sentences;
  }

  /** True when bytes of an unfinished sentence are buffered. */
  get hasPartial(): boolean {
    return this.#prefix.length > 0 || this.#word !== null || this.#words.length > 0;
  }

  #readPrefixByte(byte: number): boolean {
    if (this.#prefix.length === 0) this.#prefixSize = lengthPrefixSize(byte);
    this.#prefix.push(byte);
    return this.#prefix.length === this.#prefixSize;
  }

  #startWord(sentences: string[][]): void {
    const length = decodeLength(Uint8Array.from(this.#prefix));
    this.#prefix = [];
    if (length === 0) {
      if (this.#words.length > 0) sentences.push(this.#words);
      this.#words = [];
      return;
    }
    if (length > this.#maxWordBytes) {
      throw new RouterOsProtocolError(`word of ${length} bytes exceeds limit of ${this.#maxWordBytes}`);
    }
    this.#word = Buffer.allocUnsafe(length);
    this.#filled = 0;
  }

  #fillWord(chunk: Uint8Array, offset: number): number {
    const word = this.#word as Buffer;
    const count = Math.min(word.length - this.#filled, chunk.length - offset);
    word.set(chunk.subarray(offset, offset + count), this.#filled);
    this.#filled += count;
    if (this.#filled === word.length) {
      this.#words.push(decodeWord(word));
      this.#word = null;
    }
    return offset + count;
  }
}
