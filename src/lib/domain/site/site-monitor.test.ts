import { describe, expect, it } from "vitest";
import { siteChangesFrom } from "../alerts/changes";
import { judge, newEngineState } from "../alerts/engine";
import { decodeBlock, encodeBlock } from "../monitor/history/codec";
import { rollup } from "../monitor/history/rollup";
import { mergeBlocks } from "../monitor/history/series";
import { anycastPlans, anycastSiteLive, edgeReading, memberLive, serverReading, vipPlans, vipReading, vipSiteLive } from "@tests/support/site-live-fixture";
import { MEMBER_STATE_CODES, siteSampleFromLive } from "./history";
import type { SiteLive } from "./live";
import { memberRates } from "./member-rates";
import { bucketRanges, siteSummary } from "./summary";
import { siteTransitions } from "./transitions";

// The pure part of watching a site: rates from two member readings (exact, resets handled as a device's), the
// summary worst first, the state changes the history and alerts get, and the history sample.

const T0 = 1_765_000_000_000;

describe("member rates", () => {
  it("are exact per second from 64-bit counters, and null for a first reading", () => {
    const before = vipReading(1, { answered: "18446744073709550000", at: T0 });
    const after = vipReading(1, { answered: "18446744073709551000", at: T0 + 2000 });
    expect(memberRates(before, null).answered).toEqual({ packetsPerSec: null, bitsPerSec: null });
    expect(memberRates(after, before).answered?.packetsPerSec).toBe(500);
    expect(memberRates(after, before).answered?.bitsPerSec).toBe(0);
  });

  it("count a reset counter (a push replaced the table) from zero, never negative", () => {
    const before = vipReading(1, { answered: "900000", at: T0 });
    const after = vipReading(1, { answered: "300", at: T0 + 3000 });
    expect(memberRates(after, before).answered?.packetsPerSec).toBe(100);
  });

  it("give the edge one forwarded rate per server, new next hops without a rate", () => {
    const before = edgeReading({ servers: [1], at: T0 });
    const after = { ...edgeReading({ servers: [1, 2], at: T0 + 1000 }) };
    after.nexthops[0] = { ...after.nexthops[0]!, forwarded: { packets: "7100", bytes: "560000" } };
    const rates = memberRates(after, before);
    expect(rates["forwarded:server-1"]).toEqual({ packetsPerSec: 100, bitsPerSec: 0 });
    expect(rates["forwarded:server-2"]).toEqual({ packetsPerSec: null, bitsPerSec: null });
  });

  it("have no rate between readings of different roles or no elapsed time", () => {
    expect(memberRates(serverReading(1, { at: T0 }), vipReading(1, { at: T0 - 1000 })).served?.packetsPerSec).toBeNull();
    expect(memberRates(serverReading(1, { at: T0 }), serverReading(1, { at: T0 })).served?.packetsPerSec).toBeNull();
  });
});

function deadNode3(): SiteLive {
  const site = vipSiteLive();
  const owned = [
    [0, 3, 6, 9, 2, 8],
    [1, 4, 7, 10, 5, 11],
  ];
  site.members = [1, 2].map((n) => memberLive(`node-${n}`, vipReading(n, { alive: [1, 2], owned: owned[n - 1] })));
  site.members.push({ ...memberLive("node-3", null, {}, "vip-node"), status: "unreachable", problem: "unreachable: connect EHOSTUNREACH, next try in 4 s" });
  return site;
}

describe("site summary", () => {
  it("says a healthy shared VIP is covered once", () => {
    const site = vipSiteLive();
    expect(
      siteSummary(
        "shared-vip",
        site.members.map((live) => ({ live, plan: vipPlans().get(live.device)! })),
      ),
    ).toEqual(["3 nodes answer 192.0.2.10, all 12 buckets covered once"]);
  });

  it("puts an unreadable node first, then its peers not hearing it and its buckets moving", () => {
    const site = deadNode3();
    const lines = siteSummary(
      "shared-vip",
      site.members.map((live) => ({ live, plan: vipPlans().get(live.device)! })),
    );
    expect(lines).toEqual([
      "node-3 cannot be read: unreachable: connect EHOSTUNREACH, next try in 4 s",
      "node node-3 is not heard by node-1 and node-2: its 4 buckets moved",
    ]);
  });

  it("names buckets answered twice or by nobody", () => {
    const site = vipSiteLive();
    site.members[0] = memberLive("node-1", vipReading(1, { owned: [0, 1, 3, 6] }));
    const lines = siteSummary(
      "shared-vip",
      site.members.map((live) => ({ live, plan: vipPlans().get(live.device)! })),
    );
    expect(lines).toEqual(["bucket 1 is answered by more than one node", "bucket 9 is answered by no node"]);
    expect(bucketRanges([7, 0, 1, 2, 3, 9, 10])).toBe("0–3, 7, 9–10");
  });

  it("says which anycast server withdrew and what the edge spreads", () => {
    const site = anycastSiteLive({ up: [1] });
    const lines = siteSummary(
      "anycast",
      site.members.map((live) => ({ live, plan: anycastPlans().get(live.device)! })),
    );
    expect(lines).toEqual([
      "server server-2 withdrew 192.0.2.53: its check fails (tcp 127.0.0.1:53: connection refused)",
      "edge: BGP session server_2 with 10.1.2.2 is Active (Error: BFD session down)",
      "edge: BFD with 10.1.2.2 is Down",
      "edge spreads 192.0.2.53 over 1 of 2 servers",
    ]);
    const healthy = anycastSiteLive();
    expect(
      siteSummary(
        "anycast",
        healthy.members.map((live) => ({ live, plan: anycastPlans().get(live.device)! })),
      ),
    ).toEqual(["edge spreads 192.0.2.53 over 2 of 2 servers"]);
  });
});

describe("site transitions", () => {
  it("record nothing at first, then a node dead when its peers stop hearing it, and alive again", () => {
    const plans = vipPlans();
    const first = siteTransitions(new Map(), vipSiteLive({ at: T0 }), plans);
    expect(first.changes).toEqual([]);
    const dead = siteTransitions(first.known, { ...deadNode3(), atMs: T0 + 2000 }, plans);
    expect(dead.changes).toEqual([
      { device: "node-3", subject: "node", name: "web", state: "dead", previous: "alive", atMs: T0 + 2000, detail: "heard by none of 2 peers" },
    ]);
    const back = siteTransitions(dead.known, vipSiteLive({ at: T0 + 4000 }), plans);
    expect(back.changes.map((c) => [c.device, c.state, c.previous])).toEqual([["node-3", "alive", "dead"]]);
  });

  it("record a route withdrawn and the edge's BGP session down, and keep an unreadable member's last states", () => {
    const plans = anycastPlans();
    const first = siteTransitions(new Map(), anycastSiteLive({ at: T0 }), plans);
    const failed = anycastSiteLive({ at: T0 + 2000, up: [1] });
    const changes = siteTransitions(first.known, failed, plans).changes.map((c) => `${c.device} ${c.subject} ${c.name} ${c.previous}→${c.state}`);
    expect(changes).toEqual(["server-2 route dns announced→withdrawn", "edge bgp dns/server_2 up→down"]);
    const gone = anycastSiteLive({ at: T0 + 4000 });
    gone.members[1] = { ...gone.members[1]!, status: "timed_out", reading: null };
    const during = siteTransitions(first.known, gone, plans);
    expect(during.known.get("server-2|route")?.state).toBe("announced");
  });
});

describe("site history sample", () => {
  it("keeps per member state, rates, connections and buckets, and per next hop the edge's forwarding, through the codec and a rollup", () => {
    const vip = siteSampleFromLive(deadNode3())!;
    const decoded = decodeBlock(encodeBlock(vip));
    const value = (name: string, metric: string) => decoded.columns.find((c) => c.name === name && c.metric === metric)?.values[0];
    expect(value("node-1", "state")).toBe(MEMBER_STATE_CODES.up);
    expect(value("node-3", "state")).toBe(MEMBER_STATE_CODES.unreachable);
    expect(value("node-1", "bucketsOwned")).toBe(6);
    expect(value("node-2", "openConnections")).toBe(12);
    const anycast = siteSampleFromLive(anycastSiteLive({ up: [1] }))!;
    const hop = anycast.columns.filter((c) => c.subject === "nexthop").map((c) => [c.name, c.metric, c.values[0]]);
    expect(hop).toEqual([
      ["server-1", "packetsPerSecond", 70],
      ["server-1", "bitsPerSecond", 5600],
    ]);
    const minute = rollup(mergeBlocks([vip, { ...vip, times: [vip.times[0]! + 2000] }]), 60_000);
    expect(minute.columns.find((c) => c.name === "node-3" && c.metric === "up")?.values).toEqual([0]);
    expect(minute.columns.find((c) => c.name === "node-1" && c.metric === "up")?.values).toEqual([1]);
  });

  it("says a node its peers do not hear is down, though it runs", () => {
    const site = vipSiteLive();
    const code = (dead: Set<string>) => siteSampleFromLive(site, dead)!.columns.find((c) => c.name === "node-3" && c.metric === "state")?.values[0];
    expect(code(new Set())).toBe(MEMBER_STATE_CODES.up);
    expect(code(new Set(["node-3"]))).toBe(MEMBER_STATE_CODES.down);
  });

  it("is null when no member was read", () => {
    const site = vipSiteLive();
    site.members = site.members.map((m) => ({ ...m, status: "unreachable", reading: null }));
    expect(siteSampleFromLive(site)).toBeNull();
  });
});

describe("site alerts", () => {
  it("open an incident on the member's device when a server withdraws, and close it when it announces again", () => {
    const plans = anycastPlans();
    const first = siteTransitions(new Map(), anycastSiteLive({ at: T0 }), plans);
    const down = siteTransitions(first.known, anycastSiteLive({ at: T0 + 2000, up: [1] }), plans);
    const up = siteTransitions(down.known, anycastSiteLive({ at: T0 + 4000 }), plans);
    const rule = {
      id: "r1",
      name: "anycast",
      events: ["anycast_route_withdrawn" as const, "anycast_route_announced" as const],
      deviceIds: null,
      channelIds: ["c1"],
      cooldownSec: 0,
      flapCount: 5,
      flapWindowMin: 10,
    };
    const state = newEngineState();
    let n = 0;
    const input = (changes: typeof down.changes, nowMs: number) => ({
      device: { id: "server-2", name: "server-2" },
      rules: [rule],
      changes: siteChangesFrom(changes.filter((c) => c.device === "server-2")),
      nowMs,
      newId: () => `a${++n}`,
    });
    const opened = judge(state, input(down.changes, T0 + 2000));
    expect(opened.opened.map((a) => [a.subject, a.name, a.kind, a.message])).toEqual([
      ["route", "dns", "anycast_route_withdrawn", "site dns: anycast route withdrawn"],
    ]);
    expect(opened.notices).toHaveLength(1);
    const closed = judge(state, input(up.changes, T0 + 4000));
    expect(closed.resolved.map((r) => r.id)).toEqual(["a1"]);
  });
});
