import { describe, expect, it } from "vitest";
import type { MemberLive, VipNodeReading } from "@/lib/domain/site";
import { bucketOwners, bucketWords, nodeState, vipNodes } from "./vip-words";

const reading = (nodeId: number, alive: number[], buckets: number[]): VipNodeReading => ({
  role: "vip-node",
  readAtMs: 0,
  watcher: { running: true, detail: "" },
  drift: { drifted: false, entries: [] },
  check: null,
  peers: [1, 2, 3]
    .filter((n) => n !== nodeId)
    .map((n) => ({ nodeId: n, address: `10.0.0.1${n}`, alive: alive.includes(n), lastHeardMsAgo: alive.includes(n) ? 40 : 900 })),
  aliveNodes: alive,
  bucketsOwned: buckets,
  answered: null,
  ignored: null,
  openConnections: 0,
});
const member = (device: string, r: VipNodeReading | null, status = "ok"): MemberLive => ({
  device,
  deviceName: device,
  role: "vip-node",
  status,
  problem: status === "ok" ? null : "device unreachable: connection refused",
  nextAttemptAt: null,
  reading: r,
  rates: {},
});
const intent = { members: [1, 2, 3].map((n) => ({ device: `web-${n}`, role: "vip-node" as const, interface: "eth1", address: `10.0.0.1${n}`, nodeId: n })) };

describe("shared VIP live words", () => {
  it("counts each node's buckets and says when one is dead and its buckets moved", () => {
    const members = [member("web-1", reading(1, [1, 3], [0, 1, 2])), member("web-2", null, "unreachable"), member("web-3", reading(3, [1, 3], [3, 4, 5]))];
    const nodes = vipNodes(intent, members, {});
    const owners = bucketOwners(6, nodes);
    expect(bucketWords(owners, nodes)).toEqual(["web-1: 3 buckets", "web-2: 0 buckets", "web-3: 3 buckets"]);
    expect(nodeState(nodes[1]!, nodes)).toEqual({ word: "not read", tone: "bad", detail: "device unreachable: connection refused" });
    expect(nodeState(nodes[0]!, nodes)).toMatchObject({ word: "alive", tone: "ok", detail: "heard by its peer" });
  });

  it("flags buckets answered by nobody or by two nodes", () => {
    const members = [member("web-1", reading(1, [1, 2, 3], [0, 1])), member("web-2", reading(2, [1, 2, 3], [1])), member("web-3", reading(3, [1, 2, 3], []))];
    const nodes = vipNodes(intent, members, {});
    const lines = bucketWords(bucketOwners(3, nodes), nodes);
    expect(lines).toContain("1 answered by nobody");
    expect(lines).toContain("1 claimed by more than one node");
  });

  it("calls a node nobody hears dead", () => {
    const members = [member("web-1", reading(1, [1], [0])), member("web-2", reading(2, [2, 3], [1])), member("web-3", reading(3, [2, 3], [2]))];
    const nodes = vipNodes(intent, members, {});
    expect(nodeState(nodes[0]!, nodes)).toMatchObject({ word: "dead", detail: "no peer hears its heartbeat" });
  });
});
