// PCC load balancing through the simulated dataplane, configured over the API on 127.0.0.1.

import { describe, expect, it } from "vitest";

import { useTestRouters } from "@tests/support/simulator/harness";
import { client, dualWan, INTERFACES, pcc, server, TABLE } from "@tests/support/simulator/dual-wan";

const router = useTestRouters();

const shares = (outcomes: readonly { outInterface: string | undefined }[]) => {
  const wan1 = outcomes.filter((o) => o.outInterface === "wan1").length;
  const wan2 = outcomes.filter((o) => o.outInterface === "wan2").length;
  return { wan1, wan2, other: outcomes.length - wan1 - wan2 };
};

describe("[simulator] PCC load balancing", () => {
  it.each(["7.16.2", "6.49.10"])("splits 1,000 clients 3:1 with both-addresses-and-ports:4/0..3 (v%s)", async (version) => {
    const r = await router({ version, interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    await pcc(r, "both-addresses-and-ports", ["a", "a", "a", "b"]);

    const outcomes = Array.from({ length: 1000 }, (_, i) =>
      r.sim.network.openConnection({ src: client(i), dst: server(i * 7), protocol: "tcp", dstPort: 443 }),
    );
    const { wan1, wan2, other } = shares(outcomes);

    expect(other).toBe(0);
    expect(Math.abs(wan1 / 10 - 75)).toBeLessThanOrEqual(4);
    expect(wan1 + wan2).toBe(1000);
    expect(outcomes.every((o) => o.delivered)).toBe(true);
    expect(outcomes.filter((o) => o.connectionMark === TABLE.b).every((o) => o.outInterface === "wan2")).toBe(true);
  });

  it("keeps a client on one link with src-address, whatever it connects to", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    await pcc(r, "src-address", ["a", "b"]);

    const linksPerClient = Array.from({ length: 40 }, (_, i) => {
      const links = new Set(
        Array.from({ length: 8 }, (_, j) => r.sim.network.openConnection({ src: client(i), dst: server(j * 31 + i), protocol: "tcp" }).outInterface),
      );
      return [...links];
    });

    expect(linksPerClient.every((links) => links.length === 1)).toBe(true);
    const onWan1 = linksPerClient.filter(([link]) => link === "wan1").length;
    expect(onWan1).toBeGreaterThan(8);
    expect(onWan1).toBeLessThan(32);
  });

  it("shows each connection in /ip/firewall/connection with its mark and NAT tuple", async () => {
    const r = await router({ interfaces: INTERFACES, clock: "manual" });
    await dualWan(r);
    await pcc(r, "both-addresses", ["a", "b"]);
    const outcome = r.sim.network.openConnection({ src: "192.168.1.10", dst: "198.18.0.5", protocol: "tcp", srcPort: 40000, dstPort: 443 });

    const rows = await r.rows("/ip/firewall/connection/print");
    const wanAddress = outcome.outInterface === "wan1" ? "198.51.100.2" : "203.0.113.2";
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      ".id": outcome.connectionId,
      protocol: "tcp",
      "src-address": "192.168.1.10:40000",
      "dst-address": "198.18.0.5:443",
      "reply-src-address": "198.18.0.5:443",
      "reply-dst-address": `${wanAddress}:40000`,
      "connection-mark": outcome.connectionMark,
      "tcp-state": "established",
      "orig-packets": "1",
      "repl-packets": "1",
      srcnat: "true",
      dstnat: "false",
    });
  });
});
