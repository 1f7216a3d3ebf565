// per-connection-classifier, grammar from the PCC manual page:
//   [!]ValuesToHash:Denominator/Remainder   e.g. both-addresses-and-ports:4/0, src-address:2/1
//   ValuesToHash ::= both-addresses|both-ports|dst-address-and-port|src-address|src-port|
//                    both-addresses-and-ports|dst-address|dst-port|src-address-and-port
// RouterOS's hash function is not published; any well-mixed hash over the same fields gives the same behaviour:
// a fair split, and the same answer for the same fields (sticky src-address keeps a client on one link).

import type { Packet } from "../packet";

type FieldPicker = (packet: Packet) => number[];

const port = (value: number | undefined) => value ?? 0;

const CLASSIFIERS: Readonly<Record<string, FieldPicker>> = {
  "src-address": (p) => [p.src],
  "dst-address": (p) => [p.dst],
  "both-addresses": (p) => [p.src, p.dst],
  "src-port": (p) => [port(p.srcPort)],
  "dst-port": (p) => [port(p.dstPort)],
  "both-ports": (p) => [port(p.srcPort), port(p.dstPort)],
  "src-address-and-port": (p) => [p.src, port(p.srcPort)],
  "dst-address-and-port": (p) => [p.dst, port(p.dstPort)],
  "both-addresses-and-ports": (p) => [p.src, p.dst, port(p.srcPort), port(p.dstPort)],
};

// MurmurHash3 (x86, 32-bit) over 32-bit words.
const mixWord = (hash: number, word: number): number => {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  const h = hash ^ k;

  return (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
};

export const hashWords = (words: readonly number[], seed = 0x5eed): number => {
  let h = words.reduce(mixWord, seed) ^ (words.length * 4);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;

  return h >>> 0;
};

export type Classifier = { pick: FieldPicker; denominator: number; remainder: number };

/** null when the value does not follow the grammar (the menu rejects such input; a rule holding one never matches). */
export const parseClassifier = (value: string): Classifier | null => {
  const match = /^([a-z-]+):(\d+)\/(\d+)$/.exec(value);
  const pick = match ? CLASSIFIERS[match[1] ?? ""] : undefined;
  const denominator = Number(match?.[2]);
  const remainder = Number(match?.[3]);
  if (!pick || !(denominator >= 1 && denominator <= 0xffffffff) || !(remainder >= 0 && remainder < denominator)) return null;

  return { pick, denominator, remainder };
};

export const classify = (classifier: Classifier, packet: Packet): boolean =>
  hashWords(classifier.pick(packet)) % classifier.denominator === classifier.remainder;
