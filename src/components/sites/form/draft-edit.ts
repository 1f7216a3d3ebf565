// Immutable edits of the site draft by path, and zod's messages in the admin's words.

export type Path = (string | number)[];
type Json = unknown;

/** A copy of `value` with `next` at `path` (objects and arrays copied along the way); undefined removes a key. */
export function setIn(value: Json, path: Path, next: Json): Json {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  if (typeof head === "number") {
    const list = Array.isArray(value) ? [...value] : [];
    list[head] = setIn(list[head], rest, next);
    return list;
  }
  const object = value !== null && typeof value === "object" && !Array.isArray(value) ? { ...(value as Record<string, Json>) } : {};
  const inner = setIn(object[head as string], rest, next);
  if (inner === undefined) delete object[head as string];
  else object[head as string] = inner;
  return object;
}

/** zod's generic wording for a wrong type, said as what the field wants. */
export function friendlyIssue(message: string): string {
  if (/expected number, received (string|NaN)/.test(message)) return "a number";
  if (/expected string, received undefined/.test(message) || /expected number, received undefined/.test(message)) return "required";
  if (/expected int/.test(message)) return "a whole number";
  const small = /Too small: expected number to be >=(\d+)/.exec(message);
  if (small) return `at least ${small[1]}`;
  const big = /Too big: expected number to be <=(\d+)/.exec(message);
  if (big) return `at most ${big[1]}`;
  const fewer = /Too small: expected array to have >=(\d+)/.exec(message);
  if (fewer) return `at least ${fewer[1]}`;
  return message;
}

/** A number input's value: a number when it is one, else the text as typed (the schema then says "a number"). */
export const numberFrom = (text: string): number | string => (text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text);
