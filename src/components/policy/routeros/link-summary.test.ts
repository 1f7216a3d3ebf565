import { describe, expect, it } from "vitest";
import { linkRows } from "./link-summary";
import type { RouterStateView } from "./types";

const reading = (readAtMs: number, natA: number, natB: number): RouterStateView => ({
  kind: "routeros", readAtMs, identity: "edge", version: "7.16.2", drift: false, interfaces: [], routes: [], driftEntries: [],
  rules: [
    { comment: "waymark:nat:isp-a", menu: "/ip/firewall/nat", chain: "srcnat", action: "masquerade", bytes: "0", packets: String(natA), disabled: false },
    { comment: "waymark:nat:isp-b", menu: "/ip/firewall/nat", chain: "srcnat", action: "masquerade", bytes: "0", packets: String(natB), disabled: false },
  ],
  netwatch: [{ comment: "waymark:netwatch:isp-a", host: "192.0.2.10", status: "up", since: null }],
  connections: [{ mark: "to-isp-a", count: 40 }, { mark: "to-isp-b", count: 12 }],
});

describe("[ui] the live link summary of a MikroTik router", () => {
  it("shares new connections by the growth of each link's masquerade counter", () => {
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
