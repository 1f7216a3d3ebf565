// End to end inside the simulator: Waymark's own compiled plan (the .rsc text) run on the router as a script,
// then traffic through it: the 3:1 split, link failover by netwatch with mail, and the inbound server pool.

import { describe, expect, it } from "vitest";

import { compileRouterOs } from "@/lib/domain/compile/routeros";
import { ZIntent } from "@/lib/domain/intent";
import { DUAL_WAN_EXAMPLE, SERVER_POOL_EXAMPLE } from "@/lib/domain/intent/examples";

import { useTestRouters, type TestRouter } from "@tests/support/simulator/harness";

const router = useTestRouters();

const GW_A = "198.51.100.1";

const applyPlan = async (r: TestRouter, script: string) => {
  await r.add("ip/address", { address: "192.168.10.1/24", interface: "lan0" });
  await r.add("ip/address", { address: "198.51.100.2/24", interface: "wan1" });
  await r.add("ip/address", { address: "198.51.100.10/24", interface: "wan1" });
  await r.add("ip/address", { address: "203.0.113.2/24", interface: "wan2" });
  await r.add("system/script", { name: "waymark-plan", source: script });
  await r.run("/system/script/run", "=number=waymark-plan");
  await r.sim.clock.advance(5_000); // netwatch start-delay, first probes
};

const outbound = (r: TestRouter, round: number) =>
  Array.from({ length: 1012 }, (_, i) =>
    r.sim.network.openConnection({ src: `192.168.10.${(i % 253) + 2}`, dst: `198.18.${round}.${(i % 250) + 1}`, protocol: "tcp", dstPort: 443 }),
  );

const share = (outcomes: readonly { outInterface: string | undefined }[], name: string) =>
  (100 * outcomes.filter((o) => o.outInterface === name).length) / outcomes.length;

describe("[simulator] a Waymark plan, run as a script", () => {
  it("v7 server-pool plan: 3:1 outbound, failover with mail, inbound pool spread and backend failover", async () => {
    const r = await router({ interfaces: ["wan1", "wan2", "lan0"], clock: "manual" });
    const plan = compileRouterOs(ZIntent.parse(SERVER_POOL_EXAMPLE), { version: "7" });
    await applyPlan(r, plan.script);
    // Two links, three active backends, and the drained app3 and disabled ns2, probed without scripts.
    expect((await r.rows("/tool/netwatch/print")).map((row) => row.status)).toEqual(["up", "up", "up", "up", "up", "up", "up"]);
    // unknown → up runs the up-scripts too (ignore-initial-up defaults to no): one "is up" mail per scripted watch and
    // recipient; the out-of-service backends' probes send none.
    expect(r.sim.device.runtime.outbox.filter((mail) => mail.subject.endsWith(" is up"))).toHaveLength(10);
    r.sim.device.runtime.outbox.length = 0;

    expect(Math.abs(share(outbound(r, 0), "wan1") - 75)).toBeLessThanOrEqual(4);

    const inbound = (i: number) =>
      r.sim.network.openConnection({ src: `198.18.200.${(i % 250) + 1}`, dst: "198.51.100.10", dstPort: 443, protocol: "tcp", inInterface: "wan1" });
    // Where each inbound connection went, as /ip/firewall/connection prints it.
    const backends = async (from: number, count: number) => {
      const ids = Array.from({ length: count }, (_, i) => inbound(from + i).connectionId);
      const rows = new Map(
        (await r.rows("/ip/firewall/connection/print", "=.proplist=.id,reply-src-address")).map((row) => [row[".id"], row["reply-src-address"]]),
      );
      return ids.map((id) => rows.get(id ?? ""));
    };
    const spread = await backends(0, 240);
    const toApp1 = spread.filter((address) => address === "192.168.10.21:443").length;
    expect(Math.abs(toApp1 / 240 - 2 / 3)).toBeLessThan(0.1);
    expect(spread.filter((address) => address === "192.168.10.22:8443")).toHaveLength(240 - toApp1);

    r.sim.network.setReachable(GW_A, false);
    await r.sim.clock.advance(3_000);
    expect(share(outbound(r, 1), "wan2")).toBe(100);
    expect(r.sim.device.runtime.outbox.map((mail) => `${mail.to}: ${mail.subject}`)).toEqual([
      "noc@example.com: Waymark: link isp-a is down",
      "oncall+wan@example.net: Waymark: link isp-a is down",
    ]);

    r.sim.network.setReachable("192.168.10.21", false);
    await r.sim.clock.advance(3_000);
    const rescued = await backends(500, 30);
    expect(new Set(rescued)).toEqual(new Set(["192.168.10.22:8443"]));

    r.sim.network.setReachable(GW_A, true);
    await r.sim.clock.advance(3_000);
    expect(Math.abs(share(outbound(r, 2), "wan1") - 75)).toBeLessThanOrEqual(4);
  });

  it("v6 dual-WAN plan: 3:1 outbound, and link B's death moves everything to A", async () => {
    const r = await router({ version: "6.49.10", interfaces: ["wan1", "wan2", "lan0"], clock: "manual" });
    await applyPlan(r, compileRouterOs(ZIntent.parse(DUAL_WAN_EXAMPLE), { version: "6" }).script);

    expect(Math.abs(share(outbound(r, 0), "wan1") - 75)).toBeLessThanOrEqual(4);
    r.sim.network.setReachable("203.0.113.1", false);
    await r.sim.clock.advance(3_000);
    expect(share(outbound(r, 1), "wan1")).toBe(100);
  });
});
