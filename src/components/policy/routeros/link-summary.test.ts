import { describe, expect, it } from "vitest";
import { linkRows } from "./link-summary";
import type { RouterStateView } from "./types";

const reading = (readAtMs: number, newA: number, newB: number): RouterStateView => ({
  kind: "routeros", readAtMs, identity: "edge", version: "7.16.2", drift: false, interfaces: [], routes: [], driftEntries: [],
  rules: [
    // PCC 3:1 over remainders 0..2 (isp-a) and 3 (isp-b); the masquerade rules stay at 0 behind the admin's own.
    { comment: "waymark:pcc:isp-a:0", menu: "/ip/firewall/mangle", chain: "prerouting", action: "mark-connection", bytes: "0", packets: String(newA - 2 * Math.floor(newA / 3)), disabled: false },
    { comment: "waymark:pcc:isp-a:1", menu: "/ip/firewall/mangle", chain: "prerouting", action: "mark-connection", bytes: "0", packets: String(Math.floor(newA / 3)), disabled: false },
    { comment: "waymark:pcc:isp-a:2", menu: "/ip/firewall/mangle", chain: "prerouting", action: "mark-connection", bytes: "0", packets: String(Math.floor(newA / 3)), disabled: false },
    { comment: "waymark:pcc:isp-b:3", menu: "/ip/firewall/mangle", chain: "prerouting", action: "mark-connection", bytes: "0", packets: String(newB), disabled: false },
    { comment: "waymark:nat:isp-a", menu: "/ip/firewall/nat", chain: "srcnat", action: "masquerade", bytes: "0", packets: "0", disabled: false },
    { comment: "waymark:nat:isp-b", menu: "/ip/firewall/nat", chain: "srcnat", action: "masquerade", bytes: "0", packets: "0", disabled: false },
  ],
  netwatch: [{ comment: "waymark:netwatch:isp-a", host: "192.0.2.10", status: "up", since: null }],
  connections: [{ mark: "to-isp-a", count: 40 }, { mark: "to-isp-b", count: 12 }],
});

describe("[ui] the live link summary of a MikroTik router", () => {
  it("shares new connections by the growth of each link's PCC counters, even when masquerade counts nothing", () => {
    const rows = linkRows(reading(13_000, 130, 45), reading(10_000, 100, 35));
    expect(rows).toEqual([
      { name: "isp-a", status: "up", connections: 40, perSecond: 10, share: 75 },
      { name: "isp-b", status: null, connections: 12, perSecond: expect.closeTo(3.33, 2), share: 25 },
    ]);
  });

  it("shows no rate or share until there are two readings", () => {
    expect(linkRows(reading(10_000, 100, 35), null).map((r) => [r.perSecond, r.share])).toEqual([[null, null], [null, null]]);
  });
});

describe("[ui] the live link summary with ECMP", () => {
  it("counts the rules that pin a connection to the link it left by", () => {
    const ecmp = (readAtMs: number, a: number, b: number): RouterStateView => ({
      ...reading(readAtMs, 0, 0),
      rules: [
        { comment: "waymark:ecmp-pin:isp-a", menu: "/ip/firewall/mangle", chain: "postrouting", action: "mark-connection", bytes: "0", packets: String(a), disabled: false },
        { comment: "waymark:ecmp-pin:isp-b", menu: "/ip/firewall/mangle", chain: "postrouting", action: "mark-connection", bytes: "0", packets: String(b), disabled: false },
        { comment: "waymark:nat:isp-a", menu: "/ip/firewall/nat", chain: "srcnat", action: "masquerade", bytes: "0", packets: "0", disabled: false },
        { comment: "waymark:nat:isp-b", menu: "/ip/firewall/nat", chain: "srcnat", action: "masquerade", bytes: "0", packets: "0", disabled: false },
      ],
    });
    expect(linkRows(ecmp(12_000, 20, 20), ecmp(10_000, 10, 10)).map((r) => r.share)).toEqual([50, 50]);
  });
});
