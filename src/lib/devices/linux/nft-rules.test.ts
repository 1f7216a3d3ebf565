import { describe, expect, it } from "vitest";
import { parseNftRuleset } from "./nft-rules";
import { DUAL_WAN_RULESET } from "./nft-rules.fixture";

const ctx = {
  linkOfMark: new Map([
    [0x100, "isp-a"],
    [0x200, "isp-b"],
  ]),
};
const rules = parseNftRuleset(DUAL_WAN_RULESET, ctx);
const find = (table: string, chain: string, number: number) => rules.find((r) => r.table === table && r.chain === chain && r.number === number);

describe("[linux] every rule of nft -j list ruleset, in words", () => {
  it("numbers each chain's rules from 1 and marks Waymark's table as Waymark's, the admin's tables as theirs", () => {
    expect(rules.filter((r) => r.table === "inet waymark" && r.chain === "prerouting").map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(new Set(rules.filter((r) => r.ownedByWaymark).map((r) => r.table))).toEqual(new Set(["inet waymark"]));
    expect(rules.filter((r) => !r.ownedByWaymark).map((r) => `${r.table} ${r.chain} #${r.number}`)).toEqual([
      "inet filter forward #1",
      "inet filter forward #2",
      "ip nat prerouting #1",
    ]);
  });

  it("says what the admin's rules match and do, with their comment and anonymous counter", () => {
    expect(find("inet filter", "forward", 2)).toMatchObject({
      comment: "no SMTP from LAN",
      match: "in lan0, tcp to port 25",
      action: "drop",
      counted: { packets: 0n, bytes: 0n },
    });
    expect(find("inet filter", "forward", 1)).toMatchObject({ match: "established, related connections", action: "accept" });
    expect(find("ip nat", "prerouting", 1)).toMatchObject({
      match: "in wan1, tcp to port 8554",
      action: "forward to 192.168.10.250:554",
      interfaces: ["wan1"],
    });
  });

  it("says what Waymark's rules do in link terms, and counts a rule without a counter as nothing", () => {
    expect(find("inet waymark", "prerouting", 5)).toMatchObject({
      match: "in wan1",
      action: "mark → isp-a, save the link mark in the connection, return",
      counted: null,
    });
    expect(find("inet waymark", "prerouting", 4)).toMatchObject({ match: "not new connections", action: "return" });
    expect(find("inet waymark", "prerouting", 10)).toMatchObject({ match: "to local, broadcast, multicast addresses" });
    expect(find("inet waymark", "postrouting", 1)).toMatchObject({ match: "ipv4, out wan1", action: "masquerade", interfaces: ["wan1"] });
    expect(find("inet waymark", "pick", 1)).toMatchObject({ match: "every packet", action: "pick a link (map wan_pool), count per link, return" });
    expect(find("inet waymark", "forward", 1)).toMatchObject({ action: "count per out-interface", interfaces: ["wan1", "wan2"] });
  });

  it("sums the named counters a rule counts in, exactly past 2^53, and only those of its own table", () => {
    const busy = DUAL_WAN_RULESET.replace(/("name": "new_isp_a",[^}]*?"packets": )0, "bytes": 0/, '$1 9007199254740993, "bytes": 18014398509481986')
      .replace(/("name": "new_isp_b",[^}]*?"packets": )0, "bytes": 0/, '$1 7, "bytes": 420')
      .replace(/("name": "nolink_new",[^}]*?"packets": )0/, "$1 5");
    const counted = parseNftRuleset(busy, ctx);
    const pick = counted.filter((r) => r.chain === "pick");
    expect(pick[0]?.counted).toEqual({ packets: 9007199254741000n, bytes: 18014398509482406n });
    expect(pick[1]?.counted?.packets).toBe(5n);
  });

  it("leaves out the gate's watch table and any non-IP family", () => {
    const extra = DUAL_WAN_RULESET.replace(
      '{"metainfo"',
      '{"rule": {"family": "inet", "table": "waymark_watch", "chain": "fwd", "handle": 1, "expr": [{"accept": null}]}}, {"rule": {"family": "bridge", "table": "br", "chain": "fwd", "handle": 1, "expr": [{"drop": null}]}}, {"metainfo"',
    );
    expect(parseNftRuleset(extra, ctx)).toHaveLength(rules.length);
  });
});
