// check-gateway, netwatch and connection flushing: how the simulated router reacts to a dead gateway.

import { describe, expect, it } from "vitest";

import { useTestRouters } from "@tests/support/simulator/harness";
import { dualWan, GW_A, GW_B, INTERFACES, pcc, TABLE } from "@tests/support/simulator/dual-wan";

const router = useTestRouters();

const routeRow = async (r: Awaited<ReturnType<typeof router>>, id: string) => (await r.rows("/ip/route/print", `?.id=${id}`))[0];

// A client whose connections PCC (src-address:2) sends to link A, found by asking the router.
const clientOnA = (r: Awaited<ReturnType<typeof router>>) => {
  for (let i = 2; i < 250; i += 1) {
    const outcome = r.sim.network.openConnection({ src: `192.168.1.${i}`, dst: "198.18.0.1", protocol: "tcp" });
    if (outcome.connectionMark === TABLE.a) return `192.168.1.${i}`;
  }
  throw new Error("no client on link A");
};

describe("[simulator] check-gateway", () => {
  it.each(["7.16.2", "6.49.10"])("drops a route after two missed probes, not one, and brings it back on the first reply (v%s)", async (version) => {
    const r = await router({ version, interfaces: INTERFACES, clock: "manual" });
    const { routeA } = await dualWan(r, { "check-gateway": "ping" });
    // Backup: link A's table falls back to link B at a higher distance.
    await r.add("ip/route", { gateway: GW_B, distance: "2", [version.startsWith("6.") ? "routing-mark" : "routing-table"]: TABLE.a });
    await pcc(r, "src-address", ["a", "b"]);
    const src = clientOnA(r);
    expect(r.sim.network.openConnection({ src, dst: "198.18.0.2", protocol: "tcp" }).outInterface).toBe("wan1");

    r.sim.network.setReachable(GW_A, false);
    await r.sim.clock.advance(20_000); // probe at 10 s unanswered; it times out at 20 s: one miss
    expect(await routeRow(r, routeA)).toMatchObject({ active: "true" });
    expect(r.sim.network.openConnection({ src, dst: "198.18.0.3", protocol: "tcp" })).toMatchObject({ outInterface: "wan1", delivered: false });

    await r.sim.clock.advance(10_000); // second timeout: unreachable
    const down = await routeRow(r, routeA);
    expect(down?.active).not.toBe("true");
    expect(r.sim.network.openConnection({ src, dst: "198.18.0.4", protocol: "tcp" })).toMatchObject({ outInterface: "wan2", delivered: true });

    r.sim.network.setReachable(GW_A, true);
    await r.sim.clock.advance(10_000);
    expect(await routeRow(r, routeA)).toMatchObject({ active: "true" });
    expect(r.sim.network.openConnection({ src, dst: "198.18.0.5", protocol: "tcp" }).outInterface).toBe("wan1");
  });

  it("prints v7 flags: immediate-gw on the active route, inactive without active on the dead one", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    const { routeA, routeB } = await dualWan(r, { "check-gateway": "ping" });
    expect(await routeRow(r, routeA)).toMatchObject({ active: "true", inactive: "false", "immediate-gw": `${GW_A}%wan1` });

    r.sim.network.setReachable(GW_A, false);
    await r.sim.clock.advance(30_000);
    const dead = await routeRow(r, routeA);
    expect(dead).toMatchObject({ inactive: "true" });
    expect(dead).not.toHaveProperty("active");
    expect(dead).not.toHaveProperty("immediate-gw");
    expect(await routeRow(r, routeB)).toMatchObject({ active: "true" });
  });
});

describe("[simulator] netwatch", () => {
  const watchA = async (r: Awaited<ReturnType<typeof router>>) => {
    await r.add("ip/route", { "dst-address": "192.0.2.10/32", gateway: GW_A, scope: "10", comment: "probe:a" });
    return r.add("tool/netwatch", {
      host: "192.0.2.10",
      interval: "1s",
      timeout: "500ms",
      "down-script": '/ip route disable [find comment="route:a"]\n/ip firewall connection remove [find connection-mark="to-isp-a"]',
      "up-script": '/ip route enable [find comment="route:a"]',
    });
  };

  it("runs the down-script when the probed host stops answering: the routes go, traffic moves, connections flush", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    const { routeA } = await dualWan(r);
    await r.add("ip/route", { gateway: GW_B, distance: "2", "routing-table": TABLE.a, comment: "backup:a" });
    await pcc(r, "src-address", ["a", "b"]);
    const watch = await watchA(r);
    await r.sim.clock.advance(5_000);
    expect((await r.rows("/tool/netwatch/print"))[0]).toMatchObject({ ".id": watch, status: "up", "done-tests": expect.any(String) });
    const src = clientOnA(r);
    const flow = r.sim.network.openConnection({ src, dst: "198.18.0.9", protocol: "tcp" });
    expect(flow.outInterface).toBe("wan1");

    r.sim.network.setReachable(GW_A, false);
    await r.sim.clock.advance(2_000);

    const [netwatch] = await r.rows("/tool/netwatch/print");
    expect(netwatch).toMatchObject({ status: "down", since: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) });
    expect(await routeRow(r, routeA)).toMatchObject({ disabled: "true" });
    expect(r.sim.device.runtime.log.map((line) => line.message)).toContain("event down [ type: simple, host: 192.0.2.10 ]");
    // The flushed flow's next packet is a new connection: marked to A again, but A's table now routes via B.
    const after = r.sim.network.sendTraffic(flow.id, { bytes: 3000, packets: 3, replyBytes: 9000, replyPackets: 6 });
    expect(after.connectionId).not.toBe(flow.connectionId);
    expect(after).toMatchObject({ outInterface: "wan2", delivered: true });

    r.sim.network.setReachable(GW_A, true);
    await r.sim.clock.advance(2_000);
    expect(await routeRow(r, routeA)).toMatchObject({ disabled: "false", active: "true" });
  });

  it("probes on the real clock when no manual clock is asked for", async () => {
    const r = await router({ interfaces: INTERFACES });
    await dualWan(r);
    // 1 s is the shortest interval a real router takes (arg-desc.ts); the first probe goes out at once.
    await r.add("tool/netwatch", { host: GW_A, interval: "1s", timeout: "20ms", "start-delay": "0s" });
    r.sim.network.setReachable(GW_A, false);
    const deadline = Date.now() + 3_000;
    let status: string | undefined;
    while (status !== "down" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await r.rows("/tool/netwatch/print"))[0]?.status;
    }
    expect(status).toBe("down");
  });

  it("formats since the v6 way on v6", async () => {
    const r = await router({ version: "6.49.10", interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    await watchA(r);
    await r.sim.clock.advance(1_500);
    expect((await r.rows("/tool/netwatch/print"))[0]).toMatchObject({
      status: "up",
      since: expect.stringMatching(/^[a-z]{3}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/),
    });
  });
});

describe("[simulator] conntrack over the API", () => {
  it("treats a connection removed over the API as gone: its next packet is a new connection", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    const [pccA] = await pcc(r, "both-addresses", ["a", "b"]);
    const flow = r.sim.network.openConnection({ src: "192.168.1.20", dst: "198.18.0.20", protocol: "tcp" });
    expect(flow.connectionId).toMatch(/^\*[0-9A-F]+$/);
    expect((await r.run("/ip/firewall/connection/print", "=count-only=")).done.ret).toBe("1");

    await r.run("/ip/firewall/connection/remove", `=.id=${flow.connectionId}`);
    expect(await r.rows("/ip/firewall/connection/print")).toEqual([]);
    const next = r.sim.network.sendTraffic(flow.id, { bytes: 100, packets: 1 });

    expect(next.connectionId).not.toBe(flow.connectionId);
    const rows = await r.rows("/ip/firewall/connection/print");
    expect(rows.map((row) => row[".id"])).toEqual([next.connectionId]);
    // Both connections were new, so the PCC rule that took them counted two packets (or its twin did).
    const [first] = await r.rows("/ip/firewall/mangle/print", `?.id=${pccA}`);
    const [second] = await r.rows("/ip/firewall/mangle/print", "?per-connection-classifier=both-addresses:2/1");
    expect(Number(first?.packets) + Number(second?.packets)).toBe(2);
  });

  it("purges masqueraded connections when their out-interface goes down; their next packets go the other way", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    await r.add("ip/route", { gateway: GW_B, distance: "2", comment: "main-backup" });
    const flows = Array.from({ length: 10 }, (_, i) =>
      r.sim.network.openConnection({ src: `192.168.1.${i + 2}`, dst: "198.18.0.30", protocol: "udp", dstPort: 53 }),
    );
    expect(flows.every((flow) => flow.outInterface === "wan1")).toBe(true);

    r.sim.network.setLinkUp("wan1", false);

    expect((await r.run("/ip/firewall/connection/print", "=count-only=")).done.ret).toBe("0");
    expect(r.sim.network.sendTraffic(flows[0]!.id, { bytes: 200, packets: 2, replyBytes: 200, replyPackets: 2 })).toMatchObject({
      outInterface: "wan2",
      delivered: true,
    });
  });
});
