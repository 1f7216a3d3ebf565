import { describe, expect, it } from "vitest";
import { ZIntent, type Intent, type IntentInput } from "../../intent";
import { DUAL_WAN_EXAMPLE } from "../../intent/examples";
import { compileLinux } from ".";
import { ZLinuxPlan } from "./plan-schema";

function withPools(sticky: "per-connection" | "source" | "source-and-port" = "per-connection"): Intent {
  const input: IntentInput = structuredClone(DUAL_WAN_EXAMPLE);
  input.inbound = {
    pools: [
      {
        name: "web",
        listen: { interface: "wan1", protocol: "tcp", port: 80 },
        sticky,
        probe: { type: "http", path: "/healthz", expectStatus: 204, intervalMs: 500, timeoutMs: 200, downCount: 3 },
        backends: [
          { name: "a", address: "192.168.10.11", weight: 1 },
          { name: "b", address: "192.168.10.12", port: 8080, weight: 2 },
          { name: "c", address: "192.168.10.13", state: "drain" },
          { name: "d", address: "192.168.10.14", state: "disabled" },
        ],
      },
      {
        name: "dns-in",
        listen: { interface: "wan2", address: "203.0.113.2", protocol: "udp", port: 53 },
        backends: [{ name: "r1", address: "192.168.10.53" }],
      },
    ],
  };
  return ZIntent.parse(input);
}

describe("[domain] Linux server pools", () => {
  it("renders the pools' maps, dnat rules, counters and monitor lines exactly", () => {
    const plan = compileLinux(withPools(), { flavour: "nftables" });
    const poolLines = plan.ruleset.split("\n").filter((l) => /pool|backend|inbound|dstnat/.test(l));
    expect(poolLines.join("\n")).toMatchSnapshot();
    expect(plan.monitor.config.split("\n").filter((l) => l.startsWith("POOL_") || l.startsWith("# pool"))).toMatchSnapshot();
  });

  it("keys the buckets by the pool's stickiness", () => {
    const rule = (sticky: "per-connection" | "source" | "source-and-port") =>
      compileLinux(withPools(sticky), { flavour: "nftables" })
        .ruleset.split("\n")
        .find((l) => l.includes("map @pool_web"))
        ?.trim();
    expect(rule("per-connection")).toContain("dnat ip to numgen inc mod 100 map @pool_web");
    expect(rule("source")).toContain("dnat ip to jhash ip saddr mod 100 seed 0x5761796d map @pool_web");
    expect(rule("source-and-port")).toContain("dnat ip to jhash ip saddr . tcp sport mod 100 seed 0x5761796d map @pool_web");
  });

  it("puts only active backends in the map, and a stored plan parses back to the same bytes", () => {
    const plan = compileLinux(withPools(), { flavour: "nftables" });
    const map = plan.ruleset.split("\n").find((l) => l.includes("elements = { 0 : "))!;
    expect(map).toContain("192.168.10.11 . 80");
    expect(map).toContain("192.168.10.12 . 8080");
    expect(map).not.toContain("192.168.10.13");
    expect(map).not.toContain("192.168.10.14");
    expect(JSON.stringify(ZLinuxPlan.parse(JSON.parse(JSON.stringify(plan))))).toBe(JSON.stringify(plan));
    expect(plan.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(["linux-pool-detection", "linux-backend-drain", "linux-backend-disabled"]));
  });

  it("leaves a plan without pools exactly as before (no pools key, no pool lines)", () => {
    const plan = compileLinux(ZIntent.parse(DUAL_WAN_EXAMPLE), { flavour: "nftables" });
    expect("pools" in plan.monitor).toBe(false);
    expect(plan.ruleset).not.toMatch(/pool_|inbound/);
    expect(plan.monitor.config).not.toContain("POOL_COUNT");
  });

  it("answers the iptables flavour with an error: server pools need nftables", () => {
    const plan = compileLinux(withPools(), { flavour: "iptables" });
    expect(plan.warnings.filter((w) => w.severity === "error").map((w) => w.message)).toEqual([expect.stringContaining("server pools need nftables")]);
    expect(plan.monitor.config).not.toContain("POOL_COUNT");
  });
});
