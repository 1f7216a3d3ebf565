// Values as the router prints them differ in spelling from values as Waymark sends them: yes/true, "300ms" or
// "00:00:00.3", "192.0.2.7/32" or "192.0.2.7", a switch sent as "fib" and printed as fib=true. Both sides are
// brought to one canonical form before they are compared; the values actually sent stay as the plan has them.

import { SWITCH_PROPS } from "./menus";

const DURATION_PROPS: ReadonlySet<string> = new Set([
  "interval",
  "timeout",
  "start-delay",
  "startup-delay",
  "packet-interval",
  "address-list-timeout",
  "thr-max",
  "thr-avg",
  "thr-stdev",
  "thr-jitter",
  "thr-tcp-conn-time",
  "thr-http-time",
]);

// Comma lists whose order carries no meaning (a gateway list does: v6 repeats a gateway to weight it).
const UNORDERED_LISTS: ReadonlySet<string> = new Set(["connection-state", "connection-nat-state", "dst-address-type", "src-address-type", "tcp-flags"]);

const UNIT_MS: Readonly<Record<string, number>> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * RouterOS durations: "300ms", "1m30s", "2d20h12m20s", "1w2d", clock form "00:00:00.3" / "1d00:01:00", or a bare
 * number of seconds. Null when the text is none of these ("none-dynamic", "auto").
 */
export const parseDurationMs = (text: string): number | null => {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const clock = /^((?:\d+[wd])*)(\d+):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(value);
  if (clock) {
    const prefix = clock[1] === "" ? 0 : parseDurationMs(clock[1]!);
    if (prefix === null) return null;
    const fraction = clock[5] === undefined ? 0 : Math.round(Number(`0.${clock[5]}`) * 1000);
    return prefix + Number(clock[2]) * 3_600_000 + Number(clock[3]) * 60_000 + Number(clock[4]) * 1000 + fraction;
  }
  if (!/^(\d+(ms|[wdhms]))+$/.test(value)) return null;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(ms|[wdhms])/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
};

const IPV4_PREFIX = /^(!?)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

// "192.0.2.7/32" and "192.0.2.7" are one host; "10.1.2.3/8" is stored as its network "10.0.0.0/8" by firewall and
// route menus (not by /ip/address, which Waymark never touches).
const normaliseIpv4 = (value: string): string | null => {
  const match = IPV4_PREFIX.exec(value);
  if (!match) return null;
  const octets = match.slice(2, 6).map(Number);
  if (octets.some((o) => o > 255)) return null;
  const prefix = match[6] === undefined ? 32 : Number(match[6]);
  if (prefix > 32) return null;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const network = Math.floor(address / size) * size;
  const dotted = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join(".");
  return `${match[1]}${dotted}${prefix === 32 ? "" : `/${prefix}`}`;
};

const BOOLEAN: Readonly<Record<string, string>> = { yes: "true", true: "true", no: "false", false: "false" };

/** The canonical form of one property value, for comparison only. */
export const normaliseValue = (name: string, value: string): string => {
  if (SWITCH_PROPS.has(name)) return value === "" ? "true" : (BOOLEAN[value] ?? value);
  const bool = BOOLEAN[value];
  if (bool !== undefined) return bool;
  if (DURATION_PROPS.has(name)) {
    const ms = parseDurationMs(value);
    if (ms !== null) return String(ms);
  }
  if (name.endsWith("-script") || name === "source" || name === "on-event") return value.replaceAll("\r\n", "\n");
  // netwatch thr-loss-percent and friends: "100%" as sent may print as "100.0%" [UNVERIFIED on a real 7.x router].
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(value);
  if (percent) return `${Number(percent[1])}%`;
  if (UNORDERED_LISTS.has(name)) return value.split(",").sort().join(",");
  return value
    .split(",")
    .map((part) => normaliseIpv4(part) ?? part)
    .join(",");
};

/** Absent, empty and the printed default all mean "nobody set it". */
export const isAtDefault = (name: string, value: string | undefined, defaults: Readonly<Record<string, string>>): boolean => {
  if (value === undefined) return true;
  // A switch printed without a value is on.
  if (value === "") return !SWITCH_PROPS.has(name);
  const fallback = defaults[name];
  return fallback !== undefined && normaliseValue(name, value) === normaliseValue(name, fallback);
};
