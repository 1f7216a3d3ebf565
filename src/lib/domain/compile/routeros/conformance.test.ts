import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileRouterOs, type RouterOsPlan, type RouterOsVersion } from ".";
import { ZIntent, type IntentInput } from "../../intent";
import { DUAL_WAN_EXAMPLE, SERVER_POOL_EXAMPLE } from "../../intent/examples";
import { NETWATCH_LIMITS } from "./limits";

// Every menu, command and argument a plan uses — in its `add`s, inside its netwatch scripts and in its connection
// removals — must exist in the schema of every RouterOS version the plan targets, and every value it sets must be
// one that version's routers accept: the type and range /console/inspect states for the argument (arg-desc.json),
// and the enum values of the manual. Schemas and arg-desc are the repo's copies (src/simulator/routeros/schema/
// README.md); CI has no shared/ folder. This checker reads the descs on its own, apart from the simulator's.

type Schema = { menus: Record<string, Record<string, string[]> | null> };
type ArgDesc = Record<string, Record<string, Record<string, string>>>;
const SCHEMA_DIR = new URL("../../../../simulator/routeros/schema/", import.meta.url);
const readJson = <T>(file: string): T => JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), "utf8")) as T;
const load = (file: string): Schema => readJson<Schema>(file);
const V7_FILES = readdirSync(SCHEMA_DIR)
  .filter((f) => /^7\.[\d.]+\.json$/.test(f))
  .sort();
const V6_FILE = "6.49.json";
const HAS_V6 = existsSync(new URL(V6_FILE, SCHEMA_DIR));
const ARG_DESC = readJson<{ versions: Record<string, ArgDesc> }>("arg-desc.json").versions;
// 6.x has no arg-desc entry (restraml dumps v7 only): the nearest one is the oldest v7, as in the simulator.
const OLDEST_V7 = V7_FILES[0]!.replace(/\.json$/, "");
/** Every supported version: its schema file, the plan version it gets and the arg-desc entry it follows. */
const TARGETS = [
  ...(HAS_V6 ? [{ file: V6_FILE, major: "6" as const, desc: OLDEST_V7 }] : []),
  ...V7_FILES.map((file) => ({ file, major: "7" as const, desc: file.replace(/\.json$/, "") })),
];

// /ip/firewall/connection has no add or set, so the properties a `find` filters on are read-only ones: from the
// Connection tracking manual's property list [DOC]; the address:port form of reply-src-address is [UNVERIFIED].
const CONNECTION_FIELDS = ["connection-mark", "protocol", "reply-src-address"];
// Enum values from the manual (reference routeros-api.md §2): the schema lists names, not values.
const VALUES: Record<string, Record<string, string[]>> = {
  "tool/netwatch": { type: ["simple", "icmp", "tcp-conn"] },
  "ip/route": { "check-gateway": ["ping", "arp"], type: ["unreachable", "blackhole", "prohibit"] },
  "ip/firewall/nat": { action: ["masquerade", "dst-nat"], chain: ["srcnat", "dstnat"], protocol: ["tcp", "udp"] },
  "ip/firewall/mangle": { action: ["accept", "mark-connection", "mark-routing"], chain: ["prerouting", "output", "postrouting"] },
};

type Use = { menu: string; command: string; args: string[]; values: Record<string, string>; where: string };

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

function uses(plan: RouterOsPlan): Use[] {
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

function unknownIn(schema: Schema, plan: RouterOsPlan): string[] {
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
function durationMs(text: string): number | null {
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
function badValuesIn(descs: ArgDesc, plan: RouterOsPlan): string[] {
  return uses(plan).flatMap(({ menu, command, values, where }) =>
    Object.entries(values).flatMap(([name, value]) => {
      const desc = descs[menu]?.[command]?.[name];
      const problem = desc === undefined ? undefined : descProblem(desc, value);
      return problem === undefined ? [] : [`${where}: ${menu} ${command} ${name}=${value}: ${problem}`];
    }),
  );
}

function variant(base: IntentInput, change: (i: IntentInput) => void): IntentInput {
  const input = structuredClone(base);
  change(input);
  return input;
}

const link = (n: number, probe: IntentInput["links"][number]["probe"], extra: Partial<IntentInput["links"][number]> = {}): IntentInput["links"][number] => ({
  name: `isp-${n}`,
  interface: `wan${n}`,
  gateway: `198.51.100.${n}`,
  probe,
  ...extra,
});
const FAST = { intervalMs: 100, timeoutMs: 50 }; // the intent's floor: every interval must be raised
const SLOW = { intervalMs: 60_000, timeoutMs: 10_000 }; // the intent's ceiling

/**
 * Intents that between them reach every object kind, probe kind and script line the compiler can emit: one to four
 * links, tiers, pins, every balancing method and last resort, pools with every backend state and both probe types,
 * alerts, and probes at the intent's fastest and slowest settings.
 */
const INTENTS: Record<string, IntentInput> = {
  pools: SERVER_POOL_EXAMPLE,
  oneLink: { links: [link(1, { targets: ["192.0.2.1"] })], outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] } },
  tiersAndPins: variant(SERVER_POOL_EXAMPLE, (i) => {
    i.links.push({
      name: "lte",
      interface: "lte1",
      gateway: "100.64.0.1",
      tier: 2,
      onFailback: "flush",
      probe: { type: "tcp", port: 443, targets: ["192.0.2.12"], downCount: 1 },
    });
    i.outbound.method = "sticky-source";
    i.outbound.lastResort = "unreachable";
    i.outbound.pinned = [{ source: "192.168.10.7/32", destination: "10.0.0.0/8", link: "isp-a" }];
  }),
  simpleProbes: variant(DUAL_WAN_EXAMPLE, (i) => {
    for (const l of i.links) l.probe.downCount = 1;
    i.outbound.lastResort = "blackhole";
  }),
  fastest: {
    links: [
      link(1, { targets: ["192.0.2.1"], ...FAST, downCount: 1 }, { weight: 5 }),
      link(2, { targets: ["192.0.2.2"], ...FAST, downCount: 3 }, { weight: 2 }),
      link(3, { type: "tcp", port: 443, targets: ["192.0.2.3"], ...FAST }, { tier: 2 }),
    ],
    outbound: { lanInterfaces: ["lan0", "lan1"], lanSources: ["192.168.10.0/24", "10.1.0.0/16"], method: "sticky-source-destination" },
    inbound: {
      pools: [
        {
          name: "web",
          listen: { interface: "wan1", protocol: "tcp", port: 80 },
          probe: { type: "tcp", ...FAST },
          backends: [
            { name: "a", address: "192.168.10.21" },
            { name: "b", address: "192.168.10.22", state: "drain" },
          ],
        },
        {
          name: "dns",
          listen: { interface: "wan2", protocol: "udp", port: 53 },
          probe: { type: "icmp", ...FAST },
          backends: [
            { name: "a", address: "192.168.10.53", weight: 3 },
            { name: "b", address: "192.168.10.54" },
            { name: "c", address: "192.168.10.55", state: "disabled" },
          ],
        },
      ],
    },
    alerts: { email: { to: ["noc@example.com"] } },
  },
  slowest: {
    links: [1, 2, 3, 4].map((n) =>
      link(
        n,
        n === 4
          ? { type: "tcp", port: 8443, targets: ["192.0.2.4"], ...SLOW }
          : { targets: [`192.0.2.${n}`, "192.0.2.9"], ...SLOW, downCount: 50, upCount: 100 },
        { weight: n, tier: n > 2 ? 2 : 1, onFailover: "keep" },
      ),
    ),
    outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"], pinned: [{ destination: "203.0.113.0/24", link: "isp-4" }], lastResort: "blackhole" },
    inbound: {
      pools: [
        {
          name: "ssh",
          listen: { interface: "wan1", address: "198.51.100.20", protocol: "tcp", port: 22 },
          sticky: "source",
          probe: { type: "icmp", ...SLOW },
          backends: [{ name: "a", address: "192.168.10.30" }],
        },
      ],
    },
  },
};

const plans = (version: RouterOsVersion) =>
  Object.entries(INTENTS).flatMap(([name, input]) =>
    (["pcc", "ecmp"] as const).map((balancer) => ({ name: `${name}/${balancer}`, plan: compileRouterOs(ZIntent.parse(input), { version, balancer }) })),
  );

describe("[domain] compileRouterOs conformance with the vendored RouterOS schemas and argument ranges", () => {
  it("has the v7 schemas from 7.9.2 to 7.24, an arg-desc entry for each, and 6.49", () => {
    expect(V7_FILES).toEqual(expect.arrayContaining(["7.9.2.json", "7.24.json"]));
    expect(Object.keys(ARG_DESC).sort()).toEqual(V7_FILES.map((f) => f.replace(/\.json$/, "")).sort());
    expect(HAS_V6).toBe(true);
  });

  it.each(TARGETS.map((t) => [t.file.replace(/\.json$/, ""), t] as const))(
    "plans for RouterOS %s use only its menus, commands, arguments and values",
    (_, { file, major, desc }) => {
      const schema = load(file);
      const descs = ARG_DESC[desc]!;
      const findings = plans(major).flatMap(({ name, plan }) => [...unknownIn(schema, plan), ...badValuesIn(descs, plan)].map((u) => `${name}: ${u}`));
      expect(findings).toEqual([]);
    },
  );

  it.each(TARGETS.map((t) => [t.file.replace(/\.json$/, ""), t] as const))("the compiler's netwatch limits are RouterOS %s's own", (_, { major, desc }) => {
    const netwatch = ARG_DESC[desc]!["tool/netwatch"]!.add!;
    const bounds = (name: string) =>
      /^(\S*)\.\.(\S*)/
        .exec(netwatch[name]!)!
        .slice(1)
        .map((b) => durationMs(b));
    const limits = NETWATCH_LIMITS[major];
    expect(bounds("interval")).toEqual([limits.interval.minMs, limits.interval.maxMs]);
    expect(bounds("timeout")).toEqual([limits.timeout.minMs, limits.timeout.maxMs]);
    expect(bounds("packet-interval")).toEqual([limits.packetInterval.minMs, limits.packetInterval.maxMs]);
    if (netwatch["thr-tcp-conn-time"] !== undefined) expect(bounds("thr-tcp-conn-time")).toEqual([expect.toBeOneOf([0, null]), limits.tcpConnTime.maxMs]);
  });

  it("reaches every probe kind, menu, script form and probe pace it means to check", () => {
    const all = [...plans("6"), ...plans("7")];
    const used = all.flatMap(({ plan }) => uses(plan));
    const types = new Set(used.filter((u) => u.menu === "tool/netwatch" && u.command === "add").map((u) => u.values.type ?? "(v6)"));
    expect([...types].sort()).toEqual(["(v6)", "icmp", "simple", "tcp-conn"]);
    const commands = new Set(used.map((u) => `${u.menu} ${u.command}`));
    for (const expected of [
      "ip/route disable",
      "ip/route enable",
      "ip/firewall/nat disable",
      "ip/firewall/nat enable",
      "ip/firewall/connection remove",
      "tool/e-mail send",
      "routing/table add",
    ]) {
      expect(commands).toContain(expected);
    }
    const codes = new Set(all.flatMap(({ plan }) => plan.warnings.map((w) => w.code)));
    expect(codes).toContain("routeros-probe-interval-raised");
    expect(codes).toContain("routeros-pool-probe-interval-raised");
    const intervals = new Set(used.filter((u) => u.menu === "tool/netwatch").map((u) => u.values.interval));
    expect(intervals).toContain("1s");
    expect(intervals).toContain("3000s");
  });

  it("finds a script line outside the subset, an unknown argument, a bad enum value and an out-of-range value", () => {
    const schema = load(V7_FILES[0]!);
    const plan = compileRouterOs(ZIntent.parse(DUAL_WAN_EXAMPLE), { version: "7" });
    const tampered: RouterOsPlan = structuredClone(plan);
    const netwatch = tampered.objects.find((o) => o.menu === "/tool/netwatch")!;
    netwatch.properties["down-script"] += '\n:log info "x"';
    netwatch.properties["thr-rtt-max"] = "1s";
    netwatch.properties.type = "http-post";
    expect(unknownIn(schema, tampered)).toEqual([
      "waymark:netwatch:isp-a: tool/netwatch add thr-rtt-max",
      "waymark:netwatch:isp-a: tool/netwatch type=http-post",
      'waymark:netwatch:isp-a down-script: outside the script subset: :log info "x"',
    ]);
    netwatch.properties.interval = "900ms";
    netwatch.properties.timeout = "soon";
    expect(badValuesIn(ARG_DESC[OLDEST_V7]!, tampered)).toEqual([
      "waymark:netwatch:isp-a: tool/netwatch add interval=900ms: outside 1s..71w2h27m52s950ms",
      "waymark:netwatch:isp-a: tool/netwatch add timeout=soon: not a time interval",
    ]);
  });
});
