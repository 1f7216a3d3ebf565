// API print queries: a stack machine over each item (MikroTik API manual, "Queries"; reference §1.7).
//   ?name     push true if the item has the property      ?-name  push true if it does not
//   ?name=x   ?=name=x  push true if equal                ?<name=x / ?>name=x  less / greater than
//   ?#ops     left to right: digits[.] push a copy of the value at that index (0 = top), ! negate top,
//             & and | pop two and push the result, . after anything else duplicates the top.
// The stack starts as infinitely many trues; an item passes when no false remains.
// Example from the manual: /interface/print ?type=ether ?type=vlan ?#| → ether or vlan interfaces.

import { trap, type Row } from "../types";

type Step = (row: Row, stack: boolean[]) => void;

// Booleans print as true/false but are often queried as yes/no (librouteros does): [UNVERIFIED] that the router
// treats them alike; accepting both is the forgiving reading.
const BOOLEAN_ALIASES: Readonly<Record<string, string>> = { yes: "true", no: "false" };
const sameValue = (actual: string, wanted: string): boolean =>
  actual === wanted || (BOOLEAN_ALIASES[wanted] !== undefined && actual === BOOLEAN_ALIASES[wanted]);

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;
const orderKey = (value: string): number[] | null => {
  if (/^-?\d+$/.test(value)) return [Number(value)];
  const ip = ipv4.exec(value);
  return ip ? ip.slice(1).map((part) => Number(part ?? 32)) : null;
};

/** Numbers and addresses compare by value, everything else as text (so `?>comment=` means "has a comment"). */
export const compareValues = (a: string, b: string): number => {
  const left = orderKey(a);
  const right = orderKey(b);
  if (left && right && left.length === right.length) {
    for (let i = 0; i < left.length; i += 1) {
      const difference = (left[i] ?? 0) - (right[i] ?? 0);
      if (difference !== 0) return difference;
    }
    return 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
};

const at = (stack: boolean[], index: number): boolean => stack[stack.length - 1 - index] ?? true;
const pop = (stack: boolean[]): boolean => stack.pop() ?? true;

const badQuery = () => trap("invalid query", 5); // [UNVERIFIED] wording for a malformed query word

const operations = (ops: string): Step => {
  if (!/^[0-9!&|.]*$/.test(ops)) throw badQuery();
  return (_row, stack) => {
    let i = 0;
    while (i < ops.length) {
      const char = ops[i] as string;
      if (/\d/.test(char)) {
        let digits = "";
        while (i < ops.length && /\d/.test(ops[i] as string)) digits += ops[i++];
        stack.push(at(stack, Number(digits)));
        if (ops[i] === ".") i += 1;
        continue;
      }
      if (char === "!") stack.push(!pop(stack));
      else if (char === "&") stack.push(pop(stack) && pop(stack));
      else if (char === "|") {
        const top = pop(stack);
        const next = pop(stack);
        stack.push(top || next);
      } else stack.push(at(stack, 0));
      i += 1;
    }
  };
};

const splitNameValue = (text: string): [string, string | undefined] => {
  const separator = text.indexOf("=");
  return separator < 0 ? [text, undefined] : [text.slice(0, separator), text.slice(separator + 1)];
};

const compileWord = (word: string): Step => {
  const body = word.slice(1);
  if (body.startsWith("#")) return operations(body.slice(1));
  if (body.startsWith("-")) {
    const name = body.slice(1);
    return (row, stack) => void stack.push(row[name] === undefined);
  }
  const comparison = body[0] === "<" || body[0] === ">" ? body[0] : undefined;
  const [name, value] = splitNameValue(body.slice(comparison || body.startsWith("=") ? 1 : 0));
  if (name === "") throw badQuery();
  if (value === undefined) {
    if (comparison) throw badQuery();
    return (row, stack) => void stack.push(row[name] !== undefined);
  }
  if (comparison === "<") return (row, stack) => void stack.push(row[name] !== undefined && compareValues(row[name], value) < 0);
  if (comparison === ">") return (row, stack) => void stack.push(row[name] !== undefined && compareValues(row[name], value) > 0);

  return (row, stack) => void stack.push(row[name] !== undefined && sameValue(row[name], value));
};

/** Compiles the query words of one print; the result tells whether a row is returned. */
export const compileQuery = (words: readonly string[]): ((row: Row) => boolean) => {
  const steps = words.map(compileWord);
  if (steps.length === 0) return () => true;

  return (row) => {
    const stack: boolean[] = [];
    for (const step of steps) step(row, stack);
    return !stack.includes(false);
  };
};
