import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileRouterOs, type RouterOsPlan, type RouterOsVersion } from ".";
import { ZIntent, type IntentInput } from "../../intent";
import { DUAL_WAN_EXAMPLE, SERVER_POOL_EXAMPLE } from "../../intent/examples";

// Every menu, command and argument a plan uses — in its `add`s, inside its netwatch scripts and in its connection
// removals — must exist in the schema of every RouterOS version the plan targets (schemas read from real routers
// with /console/inspect: src/simulator/routeros/schema/README.md).

type Schema = { menus: Record<string, Record<string, string[]> | null> };
const SCHEMA_DIR = new URL("../../../../simulator/routeros/schema/", import.meta.url);
const load = (file: string): Schema => JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), "utf8")) as Schema;
const V7_FILES = readdirSync(SCHEMA_DIR).filter((f) => /^7\.[\d.]+\.json$/.test(f)).sort();
const V6_FILE = "6.49.json";
const HAS_V6 = existsSync(new URL(V6_FILE, SCHEMA_DIR));

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
  if (email) return [{ menu: "tool/e-mail", command: "send", args: argNames(email[1]!), values: {}, where }];
  return [{ menu: "(script subset)", command: line, args: [], values: {}, where }];
}

function uses(plan: RouterOsPlan): Use[] {
  const objects = plan.objects.flatMap((o): Use[] => {
    const add: Use = { menu: o.menu.slice(1), command: "add", args: ["comment", ...Object.keys(o.properties)], values: o.properties, where: o.comment };
    const scripts = ["down-script", "up-script"].flatMap((s) => (o.properties[s] ?? "").split("\n").filter(Boolean).flatMap((l) => scriptUses(l, `${o.comment} ${s}`)));
    return [add, ...scripts];
  });
  const removals = plan.script.split("\n").filter((l) => /^\/ip[ /]firewall[ /]connection remove /.test(l)).flatMap((l) => scriptUses(l, "removeConnections"));
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

function variant(base: IntentInput, change: (i: IntentInput) => void): IntentInput {
  const input = structuredClone(base);
  change(input);
  return input;
}

/** Intents that between them reach every object kind, probe kind and script line the compiler can emit. */
const INTENTS: Record<string, IntentInput> = {
  pools: SERVER_POOL_EXAMPLE,
  tiersAndPins: variant(SERVER_POOL_EXAMPLE, (i) => {
    i.links.push({ name: "lte", interface: "lte1", gateway: "100.64.0.1", tier: 2, onFailback: "flush", probe: { type: "tcp", port: 443, targets: ["192.0.2.12"], downCount: 1 } });
    i.outbound.method = "sticky-source";
    i.outbound.lastResort = "unreachable";
    i.outbound.pinned = [{ source: "192.168.10.7/32", destination: "10.0.0.0/8", link: "isp-a" }];
  }),
  simpleProbes: variant(DUAL_WAN_EXAMPLE, (i) => {
    i.links.forEach((l) => (l.probe.downCount = 1));
    i.outbound.lastResort = "blackhole";
  }),
};

const plans = (version: RouterOsVersion) =>
  Object.entries(INTENTS).flatMap(([name, input]) =>
    (["pcc", "ecmp"] as const).map((balancer) => ({ name: `${name}/${balancer}`, plan: compileRouterOs(ZIntent.parse(input), { version, balancer }) })),
  );

describe("[domain] compileRouterOs conformance with the vendored RouterOS schemas", () => {
  it("has the v7 schemas from 7.9.2 to 7.24 to check against", () => {
    expect(V7_FILES).toEqual(expect.arrayContaining(["7.9.2.json", "7.24.json"]));
  });

  it.each(V7_FILES)("v7 plans use only menus, commands and arguments of RouterOS %s", (file) => {
    const schema = load(file);
    expect(plans("7").flatMap(({ name, plan }) => unknownIn(schema, plan).map((u) => `${name}: ${u}`))).toEqual([]);
  });

  it.skipIf(!HAS_V6)(`v6 plans use only menus, commands and arguments of RouterOS 6.49${HAS_V6 ? "" : " (skipped: src/simulator/routeros/schema/6.49.json is not vendored yet)"}`, () => {
    const schema = load(V6_FILE);
    expect(plans("6").flatMap(({ name, plan }) => unknownIn(schema, plan).map((u) => `${name}: ${u}`))).toEqual([]);
  });

  it("reaches every probe kind, menu and script form it means to check", () => {
    const all = [...plans("6"), ...plans("7")].flatMap(({ plan }) => uses(plan));
    const types = new Set(all.filter((u) => u.menu === "tool/netwatch" && u.command === "add").map((u) => u.values.type ?? "(v6)"));
    expect([...types].sort()).toEqual(["(v6)", "icmp", "simple", "tcp-conn"]);
    const commands = new Set(all.map((u) => `${u.menu} ${u.command}`));
    for (const expected of ["ip/route disable", "ip/route enable", "ip/firewall/nat disable", "ip/firewall/nat enable", "ip/firewall/connection remove", "tool/e-mail send", "routing/table add"]) {
      expect(commands).toContain(expected);
    }
  });

  it("finds a script line outside the subset, an unknown argument and a bad value", () => {
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
  });
});
