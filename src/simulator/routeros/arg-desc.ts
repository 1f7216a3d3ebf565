// The type and range real routers state for each argument (the "desc" of /console/inspect, schema/arg-desc.json,
// copied from shared/reference/routeros-schema): the simulator refuses a value a real router refuses, in its words.
// Checked here are the descs a value can be held to without guessing: time intervals (a duration, within the stated
// bounds) and strings with a maximum length. Addresses are left to the menu specs: inspect describes
// /ip/address `address` as "A.B.C.D", yet routers take "192.0.2.1/24" there.
//
// Wordings (reference §4 and the sources named):
//  - not a time: "invalid time value for argument <arg>" (terraform-provider-routeros resource_ip_firewall_filter:
//    RouterOS 7.7 answering address-list-timeout=none-dynamic; hotspot clients seeing the same for limit-uptime).
//  - out of range: "value of <arg> is out of range (00:00:10 .. 1d00:00:00)", bounds in the clock form (tikoci/
//    routeros-skills device-mode-rest.md, CHR 7.22.1, activation-timeout). [UNVERIFIED] how a bound with weeks or
//    milliseconds is printed (formatClock follows the as-value form: "71w02:27:52.950"), and what stands for a
//    bound the desc leaves open (printed empty here).
//  - too long: [UNVERIFIED] "value of <arg> is too long (max <n>)"; no capture of a real router found.

import argDescJson from "./schema/arg-desc.json";
import { formatClock, parseDuration } from "./duration";
import { trap } from "./types";
import { compareVersions, parseVersion, type Version } from "./version";

/** menu path → command → argument → desc, for one RouterOS version. */
type VersionDescs = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>>;

const ENTRIES = Object.entries((argDescJson as { versions: Record<string, VersionDescs> }).versions)
  .map(([version, descs]) => ({ version, parsed: parseVersion(version) ?? ([0, 0, 0] as Version), descs }))
  .sort((a, b) => compareVersions(a.parsed, b.parsed));

/**
 * The arg-desc entry a router of `version` follows: the newest whose major.minor is not above the router's, as
 * schemaFor picks schemas. Versions without an entry of their own use the nearest one: 6.x (restraml dumps only
 * v7) and anything older than the oldest entry take the oldest 7.x entry (7.9.2) [UNVERIFIED that 6.x has the
 * same ranges, e.g. netwatch interval 1s at least].
 */
export const argDescVersionFor = (version: string): string => {
  const wanted = parseVersion(version);
  let chosen = ENTRIES[0]!;
  if (!wanted) return chosen.version;
  for (const entry of ENTRIES) {
    if (compareVersions([entry.parsed[0], entry.parsed[1], 0], [wanted[0], wanted[1], 0]) <= 0) chosen = entry;
  }
  return chosen.version;
};

export type ValueRule = { kind: "time"; minMs?: number; maxMs?: number } | { kind: "string"; maxLength: number };

const TIME = /^(?:(\S*)\.\.(\S*)\s+\()?time interval\)?$/;
const MAX_LENGTH = /^string value, max length (\d+)$/;

/** The rule a desc states, or undefined when it states nothing checkable ("string value", "see documentation"). */
export const ruleOf = (desc: string): ValueRule | undefined => {
  const time = TIME.exec(desc.trim());
  if (time) {
    const [, low = "", high = ""] = time;
    const minMs = low === "" ? undefined : (parseDuration(low) ?? undefined);
    const maxMs = high === "" ? undefined : (parseDuration(high) ?? undefined);
    return { kind: "time", ...(minMs === undefined ? {} : { minMs }), ...(maxMs === undefined ? {} : { maxMs }) };
  }
  const length = MAX_LENGTH.exec(desc.trim());
  return length ? { kind: "string", maxLength: Number(length[1]) } : undefined;
};

const checkValue = (rule: ValueRule, name: string, value: string): void => {
  if (rule.kind === "string") {
    if (value.length > rule.maxLength) throw trap(`value of ${name} is too long (max ${rule.maxLength})`, 1);
    return;
  }
  const ms = parseDuration(value);
  if (ms === null || !Number.isFinite(ms)) throw trap(`invalid time value for argument ${name}`, 1);
  if ((rule.minMs !== undefined && ms < rule.minMs) || (rule.maxMs !== undefined && ms > rule.maxMs)) {
    const high = rule.maxMs === undefined ? "" : formatClock(rule.maxMs);
    throw trap(`value of ${name} is out of range (${formatClock(rule.minMs ?? 0)} .. ${high})`, 1);
  }
};

const descsFor = (version: string): VersionDescs => ENTRIES.find((e) => e.version === argDescVersionFor(version))!.descs;

/** The rule for one argument of one command, as the router of `version` states it. */
export const argRule = (version: string, path: string, command: string, name: string): ValueRule | undefined => {
  const desc = descsFor(version)[path]?.[command]?.[name];
  return desc === undefined ? undefined : ruleOf(desc);
};

/** Throws the router's TrapReply for the first argument whose value the version's arg-desc refuses. */
export const checkArgValues = (version: string, path: string, command: string, args: ReadonlyMap<string, string>): void => {
  const descs = descsFor(version)[path]?.[command];
  if (descs === undefined) return;
  for (const [name, value] of args) {
    const desc = descs[name];
    const rule = desc === undefined ? undefined : ruleOf(desc);
    if (rule) checkValue(rule, name, value);
  }
};
