// Argument values as the router accepts them, turned into the form print returns.
// Sources: booleans yes/no/true/false in, true/false out (reference §1.8); switches act on presence and print as a
// bare `=blackhole=` word (live rb4011 dump in jnctech/homeassistant-mikrotik_router#142); enum and reference
// mismatches answer `input does not match any value of <arg>` with category 1 (API manual trap example).

import { parseDuration } from "../duration";
import type { PropertySpec, ValueContext } from "../menus/spec";
import { trap, type TrapReply } from "../types";

export const noMatch = (name: string): TrapReply => trap(`input does not match any value of ${name}`, 1);
// Seen on real routers for addresses ("invalid value for argument remote-address"); [UNVERIFIED] for other kinds.
export const invalidValue = (name: string): TrapReply => trap(`invalid value for argument ${name}`, 1);
// A duration that does not parse: the words routers answer (sources in ../arg-desc.ts).
export const invalidTime = (name: string): TrapReply => trap(`invalid time value for argument ${name}`, 1);

export const TRUE_WORDS = new Set(["yes", "true"]);
export const FALSE_WORDS = new Set(["no", "false"]);

export const parseBool = (value: string, name: string): string => {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return "true";
  if (FALSE_WORDS.has(word)) return "false";
  throw invalidValue(name);
};

const octets = (text: string): number[] | null => {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part))) return null;
  const numbers = parts.map(Number);
  return numbers.every((n) => n <= 255) ? numbers : null;
};

export const isIpv4 = (text: string): boolean => octets(text) !== null;

export const ipToNumber = (text: string): number => (octets(text) ?? [0, 0, 0, 0]).reduce((acc, n) => acc * 256 + n, 0);
export const numberToIp = (value: number): string => [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");

/** "10.0.0.7/24" → { address: "10.0.0.7", length: 24 }; a bare address is /32. */
export const parseCidr = (text: string): { address: string; length: number } | null => {
  const [address = "", length = "32", extra] = text.split("/");
  if (extra !== undefined || !isIpv4(address) || !/^\d{1,2}$/.test(length) || Number(length) > 32) return null;
  return { address, length: Number(length) };
};

export const networkOf = (address: string, length: number): string => {
  const size = 2 ** (32 - length);
  return numberToIp(Math.floor(ipToNumber(address) / size) * size);
};

const formatMs = (ms: number): string => {
  const whole = Math.floor(ms / 1000);
  const rest = ms - whole * 1000;
  const units: [string, number][] = [
    ["w", 604_800],
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ];
  let left = whole;
  let text = "";
  for (const [suffix, size] of units) {
    const count = Math.floor(left / size);
    if (count > 0) text += `${count}${suffix}`;
    left -= count * size;
  }
  if (rest > 0) text += `${rest}ms`;
  return text || "0s";
};

/** RouterOS prints durations as "1m30s", "500ms". */
export const normalizeDuration = (value: string, name: string): string => {
  const ms = parseDuration(value);
  if (ms === null || !Number.isFinite(ms)) throw invalidTime(name);
  return formatMs(Math.round(ms));
};

const enumValues = (spec: PropertySpec, context: ValueContext): readonly string[] =>
  typeof spec.values === "function" ? spec.values(context.device) : (spec.values ?? []);

/** Names a reference may take: items of the referenced menu plus built-ins. */
export const referenceNames = (context: ValueContext, spec: PropertySpec): string[] => {
  const ref = spec.ref;
  if (!ref) return [];
  const names = context.device.config.table(ref.menu).items.map((item) => item.props.name ?? "");
  return [...names, ...(ref.extra ?? [])];
};

const parseOne = (spec: PropertySpec, context: ValueContext, value: string): string => {
  const { name } = context;
  switch (spec.kind) {
    case "bool":
      return parseBool(value, name);
    case "switch":
      return "";
    case "int": {
      if (!/^-?\d+$/.test(value.trim())) throw invalidValue(name);
      const n = Number(value.trim());
      // A real router's words: "value of pvid out of range (1..4094)" (terraform-provider-routeros#73, a bridge on
      // v7). Time ranges are worded differently (../arg-desc.ts).
      if (spec.range && (n < spec.range[0] || n > spec.range[1])) throw trap(`value of ${name} out of range (${spec.range[0]}..${spec.range[1]})`, 1);
      return String(n);
    }
    case "enum":
      if (!enumValues(spec, context).includes(value)) throw noMatch(name);
      return value;
    case "duration":
      return normalizeDuration(value, name);
    case "ip":
      if (!isIpv4(value)) throw invalidValue(name);
      return value;
    case "cidr": {
      const cidr = parseCidr(value);
      if (!cidr) throw invalidValue(name);
      return `${cidr.address}/${cidr.length}`;
    }
    case "ref":
      if (!referenceNames(context, spec).includes(value)) throw noMatch(name);
      return value;
    case "string":
      return value;
  }
};

/** The stored (printed) form of `value` for property `context.name`, or a TrapReply as the router answers. */
export const normalizeValue = (spec: PropertySpec, context: ValueContext, value: string): string => {
  if (spec.parse) return spec.parse(value, context);
  const negated = spec.negatable === true && value.startsWith("!");
  const body = negated ? value.slice(1) : value;
  const parts = spec.list ? body.split(",").filter((part) => part.length > 0) : [body];
  const normalized = parts.map((part) => parseOne(spec, context, part)).join(",");
  return negated ? `!${normalized}` : normalized;
};
