import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { compileRouterOs, type RouterOsObject, type RouterOsPlan } from ".";
import { ZIntent, type IntentInput, type ZServerPool } from "../../intent";
import { DUAL_WAN_EXAMPLE, SERVER_POOL_EXAMPLE } from "../../intent/examples";

type Pool = z.input<typeof ZServerPool>;

function withPool(pool: Pool): IntentInput {
  return { ...structuredClone(DUAL_WAN_EXAMPLE), inbound: { pools: [pool] } };
}

const nat = (plan: RouterOsPlan, pool: string) => plan.objects.filter((o) => o.menu === "/ip/firewall/nat" && o.comment.startsWith(`waymark:pool:${pool}:`));
const pccOf = (rules: RouterOsObject[]) => rules.filter((r) => r.properties["per-connection-classifier"] !== undefined);

/** Which backend a connection reaches: the first enabled rule whose PCC remainder (if any) matches its hash. */
function backendFor(rules: RouterOsObject[], hash: number, down: ReadonlySet<string>): string | undefined {
  for (const rule of rules) {
    if (down.has(rule.switchedBy!.netwatch)) continue;
    const pcc = rule.properties["per-connection-classifier"];
    if (pcc !== undefined) {
      const [denominator, remainder] = pcc.split(":")[1]!.split("/").map(Number);
      if (hash % denominator! !== remainder) continue;
    }
    return rule.properties["to-addresses"];
  }
  return undefined;
}

const five = (weights: number[]): Pool => ({
  name: "web",
  listen: { interface: "wan1", protocol: "tcp", port: 80 },
  backends: weights.map((weight, i) => ({ name: `b${i + 1}`, address: `192.168.10.${i + 1}`, weight })),
});

describe("[domain] compileRouterOs: inbound server pools", () => {
  it.each([[[2, 1]], [[5, 3, 2]], [[1, 1, 1, 1]], [[4, 6]], [[7, 2, 1, 3, 7]]])("realises weights %j exactly, then falls back in backend order", (weights) => {
    const plan = compileRouterOs(ZIntent.parse(withPool(five(weights))), { version: "7" });
    const rules = nat(plan, "web");
    const pcc = pccOf(rules);
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    const g = weights.reduce(gcd);
    const denominator = weights.reduce((a, b) => a + b, 0) / g;
    expect(pcc).toHaveLength(denominator);
    for (const [i, w] of weights.entries()) expect(pcc.filter((r) => r.properties["to-addresses"] === `192.168.10.${i + 1}`)).toHaveLength(w / g);
    // Every remainder exactly once, and all PCC rules before the fallbacks, which follow backend order.
    expect(pcc.map((r) => Number(r.properties["per-connection-classifier"]!.split("/")[1])).sort((a, b) => a - b)).toEqual([...Array(denominator).keys()]);
    const fallbacks = rules.slice(pcc.length);
    expect(fallbacks.map((r) => r.comment)).toEqual(weights.map((_, i) => `waymark:pool:web:b${i + 1}:fallback`));
    expect(fallbacks.every((r) => r.properties["per-connection-classifier"] === undefined)).toBe(true);
  });

  it("sends a dead backend's share to the first live backend's fallback, and nothing to the dead one", () => {
    const plan = compileRouterOs(ZIntent.parse(withPool(five([2, 1, 1]))), { version: "7" });
    const rules = nat(plan, "web");
    const hashes = [...Array(400).keys()];
    const count = (down: string[]) => {
      const tally: Record<string, number> = {};
      for (const h of hashes) {
        const to = backendFor(rules, h, new Set(down.map((b) => `waymark:backend:web:${b}`))) ?? "nobody";
        tally[to] = (tally[to] ?? 0) + 1;
      }
      return tally;
    };
    expect(count([])).toEqual({ "192.168.10.1": 200, "192.168.10.2": 100, "192.168.10.3": 100 });
    expect(count(["b1"])).toEqual({ "192.168.10.2": 300, "192.168.10.3": 100 });
    expect(count(["b2"])).toEqual({ "192.168.10.1": 300, "192.168.10.3": 100 });
    expect(count(["b1", "b2"])).toEqual({ "192.168.10.3": 400 });
    expect(count(["b1", "b2", "b3"])).toEqual({ nobody: 400 });
  });

  it("matches the listen address (or the router's own addresses), protocol and port, and maps ports", () => {
    const plan = compileRouterOs(ZIntent.parse(SERVER_POOL_EXAMPLE), { version: "7" });
    expect(nat(plan, "web")[2]!.properties).toEqual({
      chain: "dstnat",
      "in-interface": "wan1",
      "dst-address": "198.51.100.10",
      protocol: "tcp",
      "dst-port": "443",
      action: "dst-nat",
      "to-addresses": "192.168.10.22",
      "to-ports": "8443",
      "per-connection-classifier": "src-address:3/2",
    });
    // A single active backend needs no classifier; without an address only the router's own addresses match.
    expect(nat(plan, "dns").map((r) => r.properties)).toEqual([
      {
        chain: "dstnat",
        "in-interface": "wan2",
        "dst-address-type": "local",
        protocol: "udp",
        "dst-port": "53",
        action: "dst-nat",
        "to-addresses": "192.168.10.53",
      },
    ]);
    const perConnection = compileRouterOs(ZIntent.parse(withPool(five([1, 1]))), { version: "6" });
    expect(pccOf(nat(perConnection, "web")).map((r) => r.properties["per-connection-classifier"])).toEqual([
      "both-addresses-and-ports:2/0",
      "both-addresses-and-ports:2/1",
    ]);
  });

  it("marks every pool rule as switched by its backend's netwatch, whose scripts switch exactly those rules", () => {
    const plan = compileRouterOs(ZIntent.parse(SERVER_POOL_EXAMPLE), { version: "7" });
    for (const rule of [...nat(plan, "web"), ...nat(plan, "dns")]) {
      const backend = rule.comment.split(":")[3];
      expect(rule.switchedBy).toEqual({ netwatch: `waymark:backend:${rule.comment.split(":")[2]}:${backend}`, enabledWhen: "up" });
    }
    const app2 = plan.objects.find((o) => o.comment === "waymark:backend:web:app2")!;
    expect(app2.properties).toMatchObject({
      type: "tcp-conn",
      host: "192.168.10.22",
      port: "8443",
      interval: "1s",
      timeout: "500ms",
      "thr-tcp-conn-time": "500ms",
    });
    expect(app2.properties["down-script"]!.split("\n").slice(0, 3)).toEqual([
      '/ip firewall nat disable [find comment="waymark:pool:web:app2:0"]',
      '/ip firewall nat disable [find comment="waymark:pool:web:app2:fallback"]',
      '/ip firewall connection remove [find protocol="tcp" reply-src-address="192.168.10.22:8443"]',
    ]);
    expect(app2.properties["up-script"]!.split("\n").slice(0, 2)).toEqual([
      '/ip firewall nat enable [find comment="waymark:pool:web:app2:0"]',
      '/ip firewall nat enable [find comment="waymark:pool:web:app2:fallback"]',
    ]);
  });

  it("gives draining and disabled backends no rules, only a silent probe; keeps drained connections and removes disabled ones", () => {
    const plan = compileRouterOs(ZIntent.parse(SERVER_POOL_EXAMPLE), { version: "7" });
    const outOfService = plan.objects.filter((o) => o.comment.includes(":app3") || o.comment.includes(":ns2"));
    // Probed so the page shows their health and re-enabling can wait for an answer; no script, no alarm mail.
    expect(outOfService.map((o) => [o.menu, o.comment, Object.keys(o.properties).filter((k) => k.endsWith("-script"))])).toEqual([
      ["/tool/netwatch", "waymark:backend:web:app3", []],
      ["/tool/netwatch", "waymark:backend:dns:ns2", []],
    ]);
    expect(plan.backends?.map((b) => `${b.pool}/${b.name} ${b.at} ${b.state}`)).toEqual([
      "web/app1 192.168.10.21:443 active",
      "web/app2 192.168.10.22:8443 active",
      "web/app3 192.168.10.23:443 drain",
      "dns/ns1 192.168.10.53:53 active",
      "dns/ns2 192.168.10.54:53 disabled",
    ]);
    expect(plan.removeConnections).toEqual([{ reason: "backend dns/ns2 is disabled", where: { protocol: "udp", "reply-src-address": "192.168.10.54:53" } }]);
    const messages = Object.fromEntries(plan.warnings.filter((w) => w.code.startsWith("routeros-backend-")).map((w) => [w.code, w.message]));
    expect(messages["routeros-backend-drain"]).toBe(
      "web/app3 drains: it gets no rules, so no new connections; connections it already has keep their NAT mapping and run until they end (its probe keeps reporting its health, without scripts or alerts)",
    );
    expect(messages["routeros-backend-disabled"]).toMatch(/^dns\/ns2 is disabled: .*existing connections are removed/);
  });

  it("cannot watch TCP backends on v6: their rules are left unswitched, with a warning", () => {
    const plan = compileRouterOs(ZIntent.parse(SERVER_POOL_EXAMPLE), { version: "6" });
    expect(nat(plan, "web").every((r) => r.switchedBy === undefined)).toBe(true);
    expect(plan.objects.some((o) => o.comment.startsWith("waymark:backend:web:"))).toBe(false);
    expect(plan.warnings.filter((w) => w.code === "routeros-backend-no-netwatch").map((w) => w.message.split(" ")[0])).toEqual(["web/app1", "web/app2"]);
    expect(plan.objects.find((o) => o.comment === "waymark:backend:dns:ns1")!.properties).toMatchObject({
      host: "192.168.10.53",
      interval: "1s",
      timeout: "500ms",
    });
  });

  it("approximates weights beyond the PCC cap and says so", () => {
    const plan = compileRouterOs(ZIntent.parse(withPool(five([97, 89, 3]))), { version: "7" });
    expect(pccOf(nat(plan, "web")).length).toBeLessThanOrEqual(20);
    expect(plan.warnings.find((w) => w.code === "routeros-pool-weights-approximated")!.message).toMatch(
      /^pool web: weights 97:89:3 need more PCC rules than the cap allows; realised as \d+:\d+:1$/,
    );
  });
  it("checks HTTP backends with netwatch http-get on v7 and refuses them on v6; classifies source-and-port", () => {
    const input = structuredClone(SERVER_POOL_EXAMPLE);
    const web = input.inbound!.pools![0]!;
    web.probe = { type: "http", intervalMs: 1000, timeoutMs: 400, path: "/healthz", expectStatus: 204, downCount: 3 };
    web.sticky = "source-and-port";
    const v7 = compileRouterOs(ZIntent.parse(input), { version: "7" });
    const { "up-script": _u, "down-script": _d, ...check } = v7.objects.find((o) => o.comment === "waymark:backend:web:app2")!.properties;
    expect(check).toEqual({
      type: "http-get",
      host: "192.168.10.22",
      port: "8443",
      interval: "1s",
      timeout: "400ms",
      "http-codes": "204",
      "thr-http-time": "400ms",
    });
    expect(pccOf(nat(v7, "web")).every((r) => r.properties["per-connection-classifier"]!.startsWith("src-address-and-port:"))).toBe(true);
    const byCode = (plan: typeof v7) => Object.fromEntries(plan.warnings.map((w) => [w.code, w]));
    expect(byCode(v7)["routeros-pool-http-path"]).toMatchObject({
      severity: "warning",
      message: expect.stringContaining("asks for / on each backend, expecting 204"),
    });
    expect(byCode(v7)["routeros-pool-counts-ignored"]).toMatchObject({
      severity: "warning",
      message: expect.stringContaining(
        "asks for 3 failed probes before a backend is taken out and 2 answered before it is back; RouterOS netwatch decides on each probe",
      ),
    });
    const v6 = compileRouterOs(ZIntent.parse(input), { version: "6" });
    expect(byCode(v6)["routeros-pool-http-probe-unsupported"]).toMatchObject({
      severity: "error",
      message: expect.stringContaining("RouterOS 6 netwatch can only ping"),
    });
    expect(v6.objects.some((o) => o.comment.startsWith("waymark:backend:web:"))).toBe(false);
    web.probe = { type: "http", intervalMs: 1000, timeoutMs: 400 };
    const root = compileRouterOs(ZIntent.parse(input), { version: "7" });
    expect(root.objects.find((o) => o.comment === "waymark:backend:web:app1")!.properties["http-codes"]).toBe("200");
    expect(byCode(root)["routeros-pool-http-path"]).toBeUndefined();
    expect(byCode(root)["routeros-pool-no-hysteresis"]!.severity).toBe("info");
  });
});
