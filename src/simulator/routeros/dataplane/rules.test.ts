// Firewall chain semantics and routing decisions of the simulated dataplane, configured over the API.

import { describe, expect, it } from "vitest";

import { useTestRouters, type TestRouter } from "@tests/support/simulator/harness";
import { dualWan, GW_B, INTERFACES, TABLE } from "@tests/support/simulator/dual-wan";

const router = useTestRouters();

const counted = async (r: TestRouter, menu: string) => (await r.rows(`/${menu}/print`)).map((row) => `${row.comment}=${row.packets}`);

const open = (r: TestRouter, src = "192.168.1.5", dst = "198.18.0.7", dstPort = 443) => r.sim.network.openConnection({ src, dst, protocol: "tcp", dstPort });

describe("[simulator] firewall chains", () => {
  it("jumps into user chains and returns, stops at passthrough=no, never matches what it does not model", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    const mangle = (props: Record<string, string>) => r.add("ip/firewall/mangle", props);
    await r.add("interface/list", { name: "lan" });
    await r.add("interface/list/member", { list: "lan", interface: "lan0" });
    await r.add("ip/firewall/address-list", { list: "via-b", address: "198.18.0.0/24" });
    await mangle({ chain: "prerouting", action: "jump", "jump-target": "lan-in", "in-interface-list": "lan", comment: "jump" });
    await mangle({ chain: "lan-in", action: "passthrough", "layer7-protocol": "youtube", comment: "l7" });
    await mangle({ chain: "lan-in", action: "return", protocol: "!tcp", comment: "not-tcp" });
    await mangle({ chain: "lan-in", action: "mark-connection", "new-connection-mark": TABLE.b, "dst-address-list": "via-b", comment: "mark" });
    await mangle({ chain: "lan-in", action: "return", comment: "return" });
    await mangle({
      chain: "prerouting",
      action: "mark-routing",
      "in-interface": "lan0",
      "connection-mark": TABLE.b,
      "new-routing-mark": TABLE.b,
      passthrough: "no",
      comment: "route",
    });
    await mangle({ chain: "prerouting", action: "passthrough", comment: "after-stop" });

    expect(open(r, "192.168.1.5", "198.18.0.7")).toMatchObject({ connectionMark: TABLE.b, outInterface: "wan2" });
    expect(open(r, "192.168.1.5", "198.18.5.7")).toMatchObject({ connectionMark: undefined, outInterface: "wan1" });

    expect(await counted(r, "ip/firewall/mangle")).toEqual([
      // Both SYNs jump; only the one to the list gets marked; its mark-routing stops the chain.
      // The SYN-ACKs come back in on a WAN: only "after-stop" sees them (and the unmarked SYN).
      "jump=2",
      "l7=0",
      "not-tcp=0",
      "mark=1",
      "return=2",
      "route=1",
      "after-stop=3",
    ]);
  });

  it("drops in the forward filter: no connection, no delivery, the filter rule counts", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    await r.add("ip/firewall/filter", { chain: "forward", action: "drop", "dst-port": "25", protocol: "tcp", comment: "no-smtp" });
    await r.add("ip/firewall/filter", { chain: "forward", action: "log", "log-prefix": "seen ", comment: "log" });

    expect(open(r, "192.168.1.5", "198.18.0.7", 25)).toMatchObject({ verdict: "dropped", connectionId: null, delivered: false });
    expect(open(r, "192.168.1.5", "198.18.0.7", 443)).toMatchObject({ verdict: "forwarded", delivered: true });
    expect(await counted(r, "ip/firewall/filter")).toEqual(["no-smtp=1", "log=2"]);
    expect(r.sim.device.runtime.log).toContainEqual(
      expect.objectContaining({
        topics: "firewall,info",
        message: expect.stringMatching(/^seen forward: in:lan0 out:wan1, proto TCP, 192\.168\.1\.5:\d+->198\.18\.0\.7:443, len 60$/),
      }),
    );
  });
});

describe("[simulator] routing decisions", () => {
  it("follows v7 routing rules and treats a blackhole route as unroutable", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    await r.add("routing/rule", { "src-address": "192.168.7.0/24", action: "lookup-only-in-table", table: TABLE.b });
    await r.add("ip/route", { "dst-address": "198.18.66.0/24", blackhole: "" });

    expect(open(r, "192.168.7.9", "198.18.0.7")).toMatchObject({ outInterface: "wan2", gateway: GW_B, routingTable: TABLE.b });
    expect(open(r, "192.168.8.9", "198.18.0.7")).toMatchObject({ outInterface: "wan1", routingTable: "main" });
    expect(open(r, "192.168.8.9", "198.18.66.1")).toMatchObject({ verdict: "unroutable", delivered: false });
  });

  it("uses a route disabled by a script no more, at once", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    await r.add("ip/route", { gateway: GW_B, distance: "5", comment: "backup" });
    await r.add("system/script", { name: "off", source: '/ip route disable [find comment="main"]' });
    await r.run("/system/script/run", "=number=off");

    const rows = await r.rows("/ip/route/print", "?comment=main");
    expect(rows[0]).toMatchObject({ disabled: "true" });
    expect(rows[0]).not.toHaveProperty("active");
    expect(open(r)).toMatchObject({ outInterface: "wan2" });
  });

  it("answers a router ping through the route the host is reached by", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    await r.add("ip/route", { "dst-address": "192.0.2.10/32", gateway: GW_B });

    expect(r.sim.network.ping("192.0.2.10")).toEqual({ answered: true, outInterface: "wan2", gateway: GW_B });
    r.sim.network.setReachable(GW_B, false);
    expect(r.sim.network.ping("192.0.2.10")).toMatchObject({ answered: false, outInterface: "wan2" });
    r.sim.network.setLinkUp("wan2", false);
    expect(r.sim.network.ping("192.0.2.10")).toMatchObject({ outInterface: "wan1" });
  });
});
