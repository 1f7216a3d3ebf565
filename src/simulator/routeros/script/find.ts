// `find` as scripts use it: `[find comment="x"]`, `[find where comment~"^waymark" and !disabled]`, `[find dynamic]`.
// Items are compared as print shows them (so defaults and the dataplane's runtime properties count); yes/no equal
// true/false, durations compare by length ("1m" = "00:01:00"), a missing property equals "".

import { parseDuration } from "../duration";
import type { Row } from "../types";

/** A find argument after variables and nested commands were evaluated. */
export type FindWord = { key?: string; value: string };

type Filter = (row: Row) => boolean;

const TRUE_WORDS = new Set(["yes", "true"]);
const FALSE_WORDS = new Set(["no", "false"]);
const normalize = (value: string) => (TRUE_WORDS.has(value) ? "true" : FALSE_WORDS.has(value) ? "false" : value);

export const sameValue = (actual: string | undefined, wanted: string): boolean => {
  const have = actual ?? "";
  if (have === wanted || normalize(have) === normalize(wanted)) return true;
  const a = parseDuration(have);
  const b = parseDuration(wanted);

  return a !== null && b !== null && a === b && /[a-z:]/.test(have + wanted);
};

const regexFilter = (name: string, pattern: string): Filter => {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    return () => false;
  }
  return (row) => regex.test(row[name] ?? "");
};

const comparison = (word: FindWord): Filter => {
  if (word.key !== undefined) {
    const negated = word.key.endsWith("!");
    const name = negated ? word.key.slice(0, -1) : word.key;
    return negated ? (row) => !sameValue(row[name], word.value) : (row) => sameValue(row[name], word.value);
  }
  const tilde = word.value.indexOf("~");
  if (tilde > 0) return regexFilter(word.value.slice(0, tilde), word.value.slice(tilde + 1));

  return (row) => normalize(row[word.value] ?? "") === "true"; // a flag: `dynamic`, `disabled`
};

const factor = (word: FindWord): Filter => {
  if (word.key === undefined && word.value.startsWith("!") && word.value.length > 1) {
    const inner = factor({ value: word.value.slice(1) });
    return (row) => !inner(row);
  }
  return comparison(word);
};

/** One filter for all the arguments of a find (a leading `where` is optional). */
export const compileFind = (words: readonly FindWord[]): Filter => {
  const terms = words[0]?.key === undefined && words[0]?.value === "where" ? words.slice(1) : words;
  const alternatives: Filter[][] = [[]];
  for (const word of terms) {
    if (word.key === undefined && (word.value === "or" || word.value === "||")) alternatives.push([]);
    else if (word.key !== undefined || (word.value !== "and" && word.value !== "&&")) alternatives[alternatives.length - 1]!.push(factor(word));
  }

  return (row) => alternatives.some((all) => all.every((filter) => filter(row)));
};
