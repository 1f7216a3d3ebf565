import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, summarize, type WanLab } from "../../../../lab";
import { initialPool, type LinuxPlan } from "@/lib/domain/compile/linux";
import { canRunLab, expectedPool, kernelLinksUp, kernelPool, links, startMonitor, stopMonitorLab, tcpFlows } from "@tests/support/linux/monitor-lab";
import { until, type MonitorProcess, type MonitorRig } from "@tests/support/linux/monitor-rig";

// monitor.sh in the real three-ISP lab: tiers (isp3 is a standby that takes over when both tier-1 links fail,
// and is relieved when they return) and TCP probes instead of ping.

describe.skipIf(!canRunLab)("[lab] monitor.sh with tiers in the three-ISP lab", () => {
  let lab: WanLab;
  let rig: MonitorRig;
  let monitor: MonitorProcess;
  let plan: LinuxPlan;

  beforeAll(async () => {
    lab = await startWanLab({ label: "monitor3", isps: 3 });
    // isp3 is probed by TCP connects (socat with SO_MARK) to the traffic server's second port; LAN traffic uses 8080.
    const tcp = { type: "tcp" as const, port: 8081, targets: [...lab.probeTargets] };
    ({ plan, rig, monitor } = await startMonitor(lab, { isp3: { tier: 2, onFailback: "flush", probe: tcp } }));
  }, 120_000);

  afterAll(() => stopMonitorLab(lab, [rig]), 60_000);

  it("5. tier 1 down → isp3 carries everything; tier 1 back → isp3 relieved and its flows flushed (ON_FAILBACK=flush)", async () => {
    await rig.waitState("a first verdict", 5_000, (s) => s.links.every((l) => l.consecutivePasses >= 5));
    expect(await kernelPool(lab)).toEqual([
      { from: 0, to: 49, mark: 0x100 },
      { from: 50, to: 99, mark: 0x200 },
    ]);
    expect(await kernelLinksUp(lab)).toEqual([0x100, 0x200, 0x300]);
    const normal = await lab.clients[0]!.connect({ count: 20, concurrency: 4 });
    expect(summarize(normal).ok).toBe(20);
    expect(links(normal).isp3).toBeUndefined();

    const t0 = Date.now();
    await Promise.all([lab.isp("isp1").dropAll(), lab.isp("isp2").dropAll()]);
    const failed = await rig.waitState("tier 1 down", 5_000, (s) => s.links[0]!.state === "down" && s.links[1]!.state === "down");
    console.log(`tier 1 blackholed: both declared down after ${Math.max(failed.links[0]!.since, failed.links[1]!.since) - t0} ms`);
    await until("the pool to move to isp3", 2_000, async () => JSON.stringify(await kernelPool(lab)) === JSON.stringify([{ from: 0, to: 99, mark: 0x300 }]));
    expect(rig.state()!.pool).toEqual([{ index: 2, from: 0, to: 99 }]);
    expect(await kernelLinksUp(lab)).toEqual([0x300]);
    await until("tier 1's flows to be flushed", 2_000, async () => (await tcpFlows(lab, 0)) + (await tcpFlows(lab, 1)) === 0);
    const backup = await lab.clients[1]!.connect({ count: 20, concurrency: 4 });
    expect(summarize(backup)).toMatchObject({ ok: 20, failed: 0, byLink: { isp3: 20 } });
    expect(await tcpFlows(lab, 2)).toBeGreaterThanOrEqual(20);

    const t1 = Date.now();
    await Promise.all([lab.isp("isp1").restore(), lab.isp("isp2").restore()]);
    await until("tier 1 back in the kernel pool", 5_000, async () => (await kernelPool(lab)).every((r) => r.mark !== 0x300), 10);
    const back = await rig.waitState("tier 1 up", 3_000, (s) => s.links[0]!.state === "up" && s.links[1]!.state === "up");
    console.log(
      `tier 1 restored: first link up after ${Math.min(back.links[0]!.since, back.links[1]!.since) - t1} ms, both after ${Math.max(back.links[0]!.since, back.links[1]!.since) - t1} ms`,
    );
    await until("isp3's flows to be flushed (failback)", 2_000, async () => (await tcpFlows(lab, 2)) === 0);
    expect(monitor.log()).toMatch(/flushed flows of isp3 \(failback: a lower tier is back, mark 0x300\/0xff00\)/);
    expect(rig.link("isp3")!.state).toBe("up");
    await until("the pool to hold both tier-1 links", 3_000, async () => (await kernelPool(lab)).length === 2);
    expect(await kernelPool(lab)).toEqual(expectedPool(initialPool(plan.monitor.links)));
    const after = await lab.clients[2]!.connect({ count: 20, concurrency: 4 });
    expect(summarize(after).ok).toBe(20);
    expect(links(after).isp3).toBeUndefined();
  }, 40_000);

  it("TCP probes (socat, SO_MARK before connect) leave by their own link and detect a silent failure", async () => {
    const probes = lab.server!.connections().filter((c) => c.localPort === 8081);
    expect(probes.length).toBeGreaterThan(10);
    // Every probe connection reached the server from isp3's WAN address, though isp3 carries no LAN traffic.
    expect(new Set(probes.map((c) => c.link))).toEqual(new Set(["isp3"]));
    const isp3 = rig.link("isp3")!;
    expect(isp3.state).toBe("up");
    expect(isp3.rttMs).not.toBeNull();
    console.log(`TCP probe connect time through isp3 as measured around socat: ${isp3.rttMs} ms`);
    const t0 = Date.now();
    await lab.isp("isp3").dropAll();
    try {
      const down = await rig.waitState("isp3 down", 5_000, (s) => s.links[2]!.state === "down");
      console.log(`isp3 (TCP probes) blackholed: declared down after ${down.links[2]!.since - t0} ms`);
      expect(down.links[2]!.since - t0).toBeLessThanOrEqual(1_400);
      // A standby going down changes no bucket.
      expect(await kernelPool(lab)).toEqual(expectedPool(initialPool(plan.monitor.links)));
      expect(await kernelLinksUp(lab)).toEqual([0x100, 0x200]);
    } finally {
      await lab.isp("isp3").restore();
    }
    await rig.waitState("isp3 up", 5_000, (s) => s.links[2]!.state === "up");
    expect(await kernelLinksUp(lab)).toEqual([0x100, 0x200, 0x300]);
  }, 20_000);
});
