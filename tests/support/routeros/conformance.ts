// What the RouterOS conformance test checks plans against: the vendored schemas and arg-desc.json (read here on
// their own, apart from the simulator's reader), every menu/command/argument a plan uses (its adds, its netwatch
// scripts, its connection removals), and whether each value fits the argument's desc.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { RouterOsPlan } from "@/lib/domain/compile/routeros";

export type Schema = { menus: Record<string, Record<string, string[]> | null> };
export type ArgDesc = Record<string, Record<string, Record<string, string>>>;
const SCHEMA_DIR = new URL("../../../src/simulator/routeros/schema/", import.meta.url);
const readJson = <T>(file: string): T => JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), "utf8")) as T;
export const load = (file: string): Schema => readJson<Schema>(file);
export const V7_FILES = readdirSync(SCHEMA_DIR)
  .filter((f) => /^7\.[\d.]+\.json$/.test(f))
  .sort();
export const V6_FILE = "6.49.json";
export const HAS_V6 = existsSync(new URL(V6_FILE, SCHEMA_DIR));
export const ARG_DESC = readJson<{ versions: Record<string, ArgDesc> }>("arg-desc.json").versions;
// 6.x has no arg-desc entry (restraml dumps v7 only): the nearest one is the oldest v7, as in the simulator.
export const OLDEST_V7 = V7_FILES[0]!.replace(/\.json$/, "");
/** Every supported version: its schema file, the plan version it gets and the arg-desc entry it follows. */
export const TARGETS = [
  ...(HAS_V6 ? [{ file: V6_FILE, major: "6" as const, desc: OLDEST_V7 }] : []),
  ...V7_FILES.map((file) => ({ file, major: "7" as const, desc: file.replace(/\.json$/, "") })),
];

// /ip/firewall/connection has no add or set, so the properties a `find` filters on are read-only ones: from the
// Connection tracking manual's property list [DOC]; the address:port form of reply-src-address is [UNVERIFIED].
const CONNECTION_FIELDS = ["connection-mark", "protocol", "reply-src-address"];
// Enum values from the manual (reference routeros-api.md §2): the schema lists names, not values.
const VALUES: Record<string, Record<string, string[]>> = {
  "tool/netwatch": { type: ["simple", "icmp", "tcp-conn", "http-get"] },
  "ip/route": { "check-gateway": ["ping", "arp"], type: ["unreachable", "blackhole", "prohibit"] },
  "ip/firewall/nat": { action: ["masquerade", "dst-nat"], chain: ["srcnat", "dstnat"], protocol: ["tcp", "udp"] },
  "ip/firewall/mangle": { action: ["accept", "mark-connection", "mark-routing"], chain: ["prerouting", "output", "postrouting"] },
};

export type Use = { menu: string; command: string; args: string[]; values: Record<string, string>; where: string };

const SWITCH = /^\/([a-z-]+(?: [a-z-]+)*) (enable|disable|remove) \[find ((?:[a-z-]+="(?:[^"\\]|\\.)*" ?)+)\]$/;
const EMAIL = /^\/tool e-mail send ((?:[a-z-]+="(?:[^"\\]|\\.)*" ?)+)$/;
const ARG = /([a-z-]+)="((?:[^"\\]|\\.)*)"/g;

function argNames(words: string): string[] {
  return [...words.matchAll(ARG)].map((m) => m[1]!);
}

function argValues(words: string): Record<string, string> {
  return Object.fromEntries([...words.matchAll(ARG)].map((m) => [m[1]!, m[2]!.replace(/\\(.)/g, "$1")]));
}

/** One script line as the uses it makes; a line outside the documented subset is itself a finding. */
function scriptUses(line: string, where: string): Use[] {
  const slashless = line.replace(/^\/ip\/firewall\/connection /, "/ip firewall connection ");
  const switched = SWITCH.exec(slashless);
  if (switched) {
    const menu = switched[1]!.replaceAll(" ", "/");
    return [
      { menu, command: switched[2]!, args: [], values: {}, where },
      { menu, command: "find", args: [], values: {}, where },
      { menu, command: "query", args: argNames(switched[3]!), values: {}, where },
    ];
  }
  const email = EMAIL.exec(line);
  if (email) return [{ menu: "tool/e-mail", command: "send", args: argNames(email[1]!), values: argValues(email[1]!), where }];
  return [{ menu: "(script subset)", command: line, args: [], values: {}, where }];
}

export function uses(plan: RouterOsPlan): Use[] {
  const objects = plan.objects.flatMap((o): Use[] => {
    const add: Use = { menu: o.menu.slice(1), command: "add", args: ["comment", ...Object.keys(o.properties)], values: o.properties, where: o.comment };
    const scripts = ["down-script", "up-script"].flatMap((s) =>
      (o.properties[s] ?? "")
        .split("\n")
        .filter(Boolean)
        .flatMap((l) => scriptUses(l, `${o.comment} ${s}`)),
    );
    return [add, ...scripts];
  });
  const removals = plan.script
    .split("\n")
    .filter((l) => /^\/ip[ /]firewall[ /]connection remove /.test(l))
    .flatMap((l) => scriptUses(l, "removeConnections"));
  return [...objects, ...removals];
}

export function unknownIn(schema: Schema, plan: RouterOsPlan): string[] {
  return uses(plan).flatMap(({ menu, command, args, values, where }) => {
    if (menu === "(script subset)") return [`${where}: outside the script subset: ${command}`];
    const commands = schema.menus[menu];
    if (commands === undefined || commands === null) return [`${where}: no menu ${menu}`];
    if (command === "query") {
      const known = commands.set ?? (menu === "ip/firewall/connection" ? CONNECTION_FIELDS : []);
      return args.filter((a) => !known.includes(a)).map((a) => `${where}: ${menu} find ${a}`);
    }
    const accepted = commands[command];
    if (accepted === undefined) return [`${where}: no command ${menu} ${command}`];
    const badArgs = args.filter((a) => !accepted.includes(a)).map((a) => `${where}: ${menu} ${command} ${a}`);
    const badValues = Object.entries(VALUES[menu] ?? {}).flatMap(([name, allowed]) =>
      values[name] !== undefined && !allowed.includes(values[name]) ? [`${where}: ${menu} ${name}=${values[name]}`] : [],
    );
    return [...badArgs, ...badValues];
  });
}

/** RouterOS durations as values ("300ms", "1s") and as desc bounds ("71w2h27m52s950ms", "00:00:00.200"). */
export function durationMs(text: string): number | null {
  const clock = /^(\d+):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(text);
  if (clock) return ((Number(clock[1]) * 60 + Number(clock[2])) * 60 + Number(clock[3])) * 1000 + Number((clock[4] ?? "").padEnd(3, "0"));
  if (!/^(\d+(ms|w|d|h|m|s))+$/.test(text)) return null;
  const unit: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  return [...text.matchAll(/(\d+)(ms|w|d|h|m|s)/g)].reduce((sum, m) => sum + Number(m[1]) * unit[m[2]!]!, 0);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Why `value` does not fit `desc`, or undefined; a desc form this test cannot read is itself a finding. */
function descProblem(desc: string, value: string): string | undefined {
  const text = desc.replace(/\s+/g, " ").trim();
  if (text === "see documentation" || text === "script" || text === "string value") return undefined;
  const length = /^string value, max length (\d+)$/.exec(text);
  if (length) return value.length > Number(length[1]) ? `longer than ${length[1]}` : undefined;
  const time = /^(?:(\S*)\.\.(\S*) \()?time interval\)?$/.exec(text);
  if (time) {
    const ms = durationMs(value);
    if (ms === null) return "not a time interval";
    const [min, max] = [time[1] ? durationMs(time[1]) : 0, time[2] ? durationMs(time[2]) : Infinity];
    return min === null || max === null ? `unreadable bounds in ${desc}` : ms < min || ms > max ? `outside ${time[1]}..${time[2]}` : undefined;
  }
  if (text === "A.B.C.D (IP address)") return IPV4.test(value) ? undefined : "not an IPv4 address";
  if (text === "A.B.C.D/M (IP prefix)")
    return IPV4.test(value.split("/")[0]!) && /^\d{1,2}$/.test(value.split("/")[1] ?? "") ? undefined : "not an IPv4 prefix";
  if (text.endsWith("(IP address range)"))
    return value.split(/[-/]/).every((part) => IPV4.test(part) || /^\d{1,2}$/.test(part)) ? undefined : "not an address range";
  return `desc this test cannot read: ${desc}`;
}

/** Every value a plan sets (add arguments, e-mail send arguments in scripts) against one arg-desc entry. */
export function badValuesIn(descs: ArgDesc, plan: RouterOsPlan): string[] {
  return uses(plan).flatMap(({ menu, command, values, where }) =>
    Object.entries(values).flatMap(([name, value]) => {
      const desc = descs[menu]?.[command]?.[name];
      const problem = desc === undefined ? undefined : descProblem(desc, value);
      return problem === undefined ? [] : [`${where}: ${menu} ${command} ${name}=${value}: ${problem}`];
    }),
  );
}
