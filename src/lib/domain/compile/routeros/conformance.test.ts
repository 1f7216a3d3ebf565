import { describe, expect, it } from "vitest";
import { compileRouterOs, type RouterOsPlan, type RouterOsVersion } from ".";
import { ZIntent, type IntentInput } from "../../intent";
import { DUAL_WAN_EXAMPLE, SERVER_POOL_EXAMPLE } from "../../intent/examples";
import { NETWATCH_LIMITS } from "./limits";
import { ARG_DESC, badValuesIn, durationMs, HAS_V6, load, OLDEST_V7, TARGETS, unknownIn, uses, V7_FILES } from "@tests/support/routeros/conformance";

// Every menu, command and argument a plan uses — in its `add`s, inside its netwatch scripts and in its connection
// removals — must exist in the schema of every RouterOS version the plan targets, and every value it sets must be
// one that version's routers accept: the type and range /console/inspect states for the argument (arg-desc.json),
// and the enum values of the manual. Schemas and arg-desc are the repo's copies (src/simulator/routeros/schema/
// README.md); CI has no shared/ folder. This checker reads the descs on its own, apart from the simulator's.

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
        {
          name: "api",
          listen: { interface: "wan2", protocol: "tcp", port: 8080 },
          sticky: "source-and-port",
          probe: { type: "http", ...SLOW, path: "/healthz", expectStatus: 204, downCount: 10, upCount: 10 },
          backends: [
            { name: "a", address: "192.168.10.40", weight: 3 },
            { name: "b", address: "192.168.10.41", port: 8081 },
          ],
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
    expect([...types].sort()).toEqual(["(v6)", "http-get", "icmp", "simple", "tcp-conn"]);
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
