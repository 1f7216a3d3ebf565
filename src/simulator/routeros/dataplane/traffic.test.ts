// Counters, ECMP and inbound dst-nat through the simulated dataplane, read back over the API.

import { describe, expect, it } from "vitest";

import { useTestRouters } from "@tests/support/simulator/harness";
import { client, dualWan, GW_A, GW_B, INTERFACES, pcc, server, WAN_A } from "@tests/support/simulator/dual-wan";

const router = useTestRouters();

describe("[simulator] counters", () => {
  it("prints over the API exactly what the dataplane counted: rules, interfaces", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    const ids = await pcc(r, "both-addresses", ["a", "b"]);
    const masqueradeIds = (await r.rows("/ip/firewall/nat/print")).map((row) => row[".id"]);

    const flows = Array.from({ length: 20 }, (_, i) => r.sim.network.openConnection({ src: client(i), dst: server(i), protocol: "tcp", bytes: 60 }));
    for (const flow of flows) r.sim.network.sendTraffic(flow.id, { bytes: 10_000, packets: 10, replyBytes: 50_000, replyPackets: 40 });

    const mangle = await r.rows("/ip/firewall/mangle/print");
    const byId = new Map(mangle.map((row) => [row[".id"], row]));
    const onA = flows.filter((flow) => flow.outInterface === "wan1").length;
    const onB = 20 - onA;
    // PCC rules see only the first packet of each connection (connection-state=new).
    expect(Number(byId.get(ids[0])?.packets) + Number(byId.get(ids[1])?.packets)).toBe(20);
    expect(byId.get(ids[0])).toMatchObject({ packets: String(onA), bytes: String(onA * 60) });
    // mark-routing sees every packet from the LAN: the SYN and the ten that followed.
    expect(byId.get(ids[2])).toMatchObject({ packets: String(onA * 11), bytes: String(onA * 10_060) });
    expect(byId.get(ids[3])).toMatchObject({ packets: String(onB * 11), bytes: String(onB * 10_060) });
    // NAT sees only the first packet.
    const nat = await r.rows("/ip/firewall/nat/print");
    expect(nat.map((row) => row.packets)).toEqual([String(onA), String(onB)]);
    expect(masqueradeIds).toHaveLength(2);

    const interfaces = new Map((await r.rows("/interface/print")).map((row) => [row.name, row]));
    // Out: SYN + data; back in: SYN-ACK (same size as the SYN) + the replies.
    expect(interfaces.get("wan1")).toMatchObject({
      "tx-byte": String(onA * 10_060),
      "tx-packet": String(onA * 11),
      "rx-byte": String(onA * 50_060),
      "rx-packet": String(onA * 41),
    });
    expect(interfaces.get("lan0")).toMatchObject({ "rx-byte": String(20 * 10_060), "tx-byte": String(20 * 50_060) });
  });

  it("reports interface rates once a second for monitor-traffic", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    const flow = r.sim.network.openConnection({ src: client(1), dst: server(1), protocol: "tcp" });
    await r.sim.clock.advance(1_000);
    r.sim.network.sendTraffic(flow.id, { bytes: 1_000, packets: 2, replyBytes: 125_000, replyPackets: 100 });
    await r.sim.clock.advance(1_000);

    const [wan1] = await r.rows("/interface/monitor-traffic", "=interface=wan1", "=once=");
    expect(wan1).toMatchObject({ "rx-bits-per-second": "1000000", "tx-bits-per-second": "8000", "rx-packets-per-second": "100" });
  });

  it("runs a traffic generator that keeps connections coming and going", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    await pcc(r, "both-addresses-and-ports", ["a", "b"]);
    const generator = r.sim.network.startTraffic({
      clients: Array.from({ length: 20 }, (_, i) => client(i)),
      newConnectionsPerSecond: 5,
      bytesPerSecond: 1_000_000,
      connectionSeconds: [2, 4],
    });
    await r.sim.clock.advance(30_000);
    generator.stop();

    expect(generator.stats()).toMatchObject({ opened: 150, failed: 0 });
    const [wan1] = await r.rows("/interface/print", "?name=wan1");
    const [wan2] = await r.rows("/interface/print", "?name=wan2");
    expect(Number(wan1?.["rx-byte"])).toBeGreaterThan(5_000_000);
    expect(Number(wan2?.["rx-byte"])).toBeGreaterThan(5_000_000);
    // Closed connections linger in time-wait for 10 s, then go.
    await r.sim.clock.advance(15_000);
    expect((await r.run("/ip/firewall/connection/print", "=count-only=")).done.ret).toBe("0");
  });
});

describe("[simulator] ECMP", () => {
  it("weights a repeated gateway 2:1 in a v6 route", async () => {
    const r = await router({ version: "6.49.10", interfaces: INTERFACES, clock: "manual" });
    await r.add("ip/address", { address: "192.168.0.1/16", interface: "lan0" });
    await r.add("ip/address", { address: `${WAN_A}/24`, interface: "wan1" });
    await r.add("ip/address", { address: "203.0.113.2/24", interface: "wan2" });
    await r.add("ip/route", { gateway: `${GW_A},${GW_A},${GW_B}` });

    const outcomes = Array.from({ length: 1200 }, (_, i) => r.sim.network.openConnection({ src: client(i), dst: server(i * 13), protocol: "tcp" }));
    const wan1 = outcomes.filter((o) => o.outInterface === "wan1").length;

    expect(Math.abs(wan1 / 1200 - 2 / 3)).toBeLessThan(0.05);
    expect(outcomes.filter((o) => o.outInterface === "wan2").length).toBe(1200 - wan1);
    const [route] = await r.rows("/ip/route/print", `?gateway=${GW_A},${GW_A},${GW_B}`);
    expect(route?.["gateway-status"]).toBe(`${GW_A} reachable via  wan1,${GW_A} reachable via  wan1,${GW_B} reachable via  wan2`);
  });

  it("spreads over equal-distance routes on v7 and marks them ecmp", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await r.add("ip/address", { address: "192.168.0.1/16", interface: "lan0" });
    await r.add("ip/address", { address: `${WAN_A}/24`, interface: "wan1" });
    await r.add("ip/address", { address: "203.0.113.2/24", interface: "wan2" });
    await r.add("ip/route", { gateway: GW_A });
    await r.add("ip/route", { gateway: GW_B });

    const outcomes = Array.from({ length: 1000 }, (_, i) => r.sim.network.openConnection({ src: client(i), dst: server(i), protocol: "tcp" }));
    const wan1 = outcomes.filter((o) => o.outInterface === "wan1").length;

    expect(Math.abs(wan1 / 1000 - 0.5)).toBeLessThan(0.05);
    const routes = await r.rows("/ip/route/print", "?static=true");
    expect(routes.map((row) => row.ecmp)).toEqual(["true", "true"]);
  });
});

describe("[simulator] inbound dst-nat", () => {
  it("spreads inbound connections over two backends with PCC, and a netwatch down-script enables the fallback", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual", network: { hosts: [{ address: "198.18.9.9", via: "wan1" }] } });
    await dualWan(r);
    const common = { chain: "dstnat", "in-interface": "wan1", "dst-address": WAN_A, protocol: "tcp", "dst-port": "80", action: "dst-nat" };
    const fallback = await r.add("ip/firewall/nat", { ...common, "to-addresses": "192.168.0.11", disabled: "yes", comment: "fallback" });
    await r.add("ip/firewall/nat", { ...common, "to-addresses": "192.168.0.10", "per-connection-classifier": "src-address-and-port:2/0" });
    await r.add("ip/firewall/nat", { ...common, "to-addresses": "192.168.0.11", "per-connection-classifier": "src-address-and-port:2/1" });
    await r.add("tool/netwatch", {
      host: "192.168.0.10",
      interval: "1s",
      timeout: "300ms",
      "down-script": '/ip firewall nat enable [find comment="fallback"]',
      "up-script": '/ip firewall nat disable [find comment="fallback"]',
    });
    const inbound = (i: number) =>
      r.sim.network.openConnection({ src: `198.18.9.${(i % 200) + 1}`, srcPort: 20_000 + i, dst: WAN_A, dstPort: 80, protocol: "tcp", inInterface: "wan1" });
    const backendOf = async (id: string | null) => (await r.rows("/ip/firewall/connection/print", `?.id=${id}`))[0]?.["reply-src-address"];

    const spread = await Promise.all(Array.from({ length: 200 }, (_, i) => backendOf(inbound(i).connectionId)));
    const toFirst = spread.filter((address) => address === "192.168.0.10:80").length;
    expect(toFirst).toBeGreaterThan(70);
    expect(toFirst).toBeLessThan(130);
    expect(spread.filter((address) => address === "192.168.0.11:80")).toHaveLength(200 - toFirst);

    r.sim.network.setReachable("192.168.0.10", false);
    const lost = Array.from({ length: 40 }, (_, i) => inbound(1000 + i));
    expect(lost.some((outcome) => !outcome.delivered)).toBe(true);
    await r.sim.clock.advance(6_000);

    expect((await r.rows("/ip/firewall/nat/print", `?.id=${fallback}`))[0]).toMatchObject({ disabled: "false" });
    const rescued = Array.from({ length: 40 }, (_, i) => inbound(2000 + i));
    expect(rescued.every((outcome) => outcome.delivered)).toBe(true);
    expect(new Set(await Promise.all(rescued.map((outcome) => backendOf(outcome.connectionId))))).toEqual(new Set(["192.168.0.11:80"]));
  });
});

describe("[simulator] a rule that marks a connection mid-flow", () => {
  it("counts only the one packet that found the connection unmarked, not the whole batch it arrived in", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    // Connections already open before the admin adds "mark what arrives on wan1 unmarked" (Waymark's in:<link> rule).
    const flows = Array.from({ length: 5 }, (_, i) => r.sim.network.openConnection({ src: client(i), dst: server(i), protocol: "tcp", bytes: 60 }));
    const onWan1 = flows.filter((flow) => flow.outInterface === "wan1").length;
    const rule = await r.add("ip/firewall/mangle", {
      chain: "prerouting",
      action: "mark-connection",
      "in-interface": "wan1",
      "connection-mark": "no-mark",
      "new-connection-mark": "to-isp-a",
    });
    for (const flow of flows) r.sim.network.sendTraffic(flow.id, { bytes: 1_000, packets: 10, replyBytes: 50_000, replyPackets: 50 });
    for (const flow of flows) r.sim.network.sendTraffic(flow.id, { bytes: 1_000, packets: 10, replyBytes: 50_000, replyPackets: 50 });

    const printed = (await r.rows("/ip/firewall/mangle/print")).find((row) => row[".id"] === rule);
    expect(printed).toMatchObject({ packets: String(onWan1), bytes: String(onWan1 * 1_000) });
  });
});
