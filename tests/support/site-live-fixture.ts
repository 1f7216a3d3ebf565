// Site updates as the site monitor would publish them (a shared VIP of three nodes, an anycast service of two
// servers and an edge), with member plans to match, for the live bus bridge, /metrics and the pure site tests.
// Counters are distinct, some past 2^53, so a test sees none was rounded on the way.
import type { MemberLive, SiteLive } from "@/lib/domain/site/live";
import type { AnycastEdgePlan, AnycastServerPlan, MemberPlan, VipNodePlan } from "@/lib/domain/site/member-plan";
import type { AnycastEdgeReading, AnycastServerReading, VipNodeReading } from "@/lib/domain/site/member-reading";

const AT = 1_765_000_000_000;
const ok = { running: true, detail: "waymark-vipd running" };
const inSync = { drifted: false, entries: [] };

/** Node n of 3 owns buckets n-1, n+2, … of 12 (every node alive); a dead node's buckets go to the others. */
export function vipPlan(n: number): VipNodePlan {
  return {
    role: "vip-node",
    site: "web",
    interface: "eth0",
    vip: "192.0.2.10",
    prefixLength: 24,
    multicastMac: "01:00:5e:00:02:0a",
    nodeId: n,
    buckets: 12,
    ownedWhenAllAlive: [0, 1, 2, 3].map((i) => i * 3 + n - 1),
    files: [],
  };
}

export function vipReading(n: number, options: { alive?: number[]; owned?: number[]; answered?: string; at?: number } = {}): VipNodeReading {
  const alive = options.alive ?? [1, 2, 3];
  return {
    role: "vip-node",
    readAtMs: options.at ?? AT,
    watcher: ok,
    drift: inSync,
    check: { passing: true, detail: "tcp 127.0.0.1:80 answers" },
    peers: [1, 2, 3]
      .filter((p) => p !== n)
      .map((p) => ({ nodeId: p, address: `10.0.0.${p}`, alive: alive.includes(p), lastHeardMsAgo: alive.includes(p) ? 40 : 2_300 })),
    aliveNodes: alive,
    bucketsOwned: options.owned ?? vipPlan(n).ownedWhenAllAlive,
    answered: { packets: options.answered ?? `${9007199254740993n + BigInt(n)}`, bytes: "123456789012345678" },
    ignored: { packets: "2000", bytes: "150000" },
    openConnections: 10 + n,
  };
}

export function memberLive(device: string, reading: MemberLive["reading"], rates: MemberLive["rates"] = {}, role?: MemberLive["role"]): MemberLive {
  return {
    device,
    deviceName: device,
    role: role ?? reading?.role ?? "vip-node",
    status: "ok",
    problem: null,
    nextAttemptAt: null,
    reading,
    rates,
  };
}

export function vipSiteLive(options: { siteId?: string; seq?: number; polledBy?: string; at?: number } = {}): SiteLive {
  return {
    siteId: options.siteId ?? "site-web",
    name: "web",
    kind: "shared-vip",
    atMs: options.at ?? AT,
    seq: options.seq ?? 1,
    polledBy: options.polledBy ?? "fixture",
    intervalMs: 2000,
    members: [1, 2, 3].map((n) => memberLive(`node-${n}`, vipReading(n), { answered: { packetsPerSec: 100 * n, bitsPerSec: 800_000 * n } })),
    summary: ["3 nodes answer 192.0.2.10, all 12 buckets covered once"],
  };
}

export const vipPlans = (): Map<string, MemberPlan> => new Map([1, 2, 3].map((n) => [`node-${n}`, vipPlan(n)]));

export function serverPlan(): AnycastServerPlan {
  return {
    role: "anycast-server",
    site: "dns",
    address: "192.0.2.53",
    bird: { configFile: "/etc/bird/bird.conf", controlSocket: "/run/bird/bird.ctl" },
    files: [],
  };
}

export function edgePlan(): AnycastEdgePlan {
  return {
    role: "anycast-edge",
    site: "dns",
    address: "192.0.2.53",
    bird: { configFile: "/etc/bird/bird.conf", controlSocket: "/run/bird/bird.ctl" },
    servers: [1, 2].map((n) => ({ device: `server-${n}`, protocol: `server_${n}`, address: `10.1.${n}.2`, standby: false })),
    files: [],
  };
}

export function serverReading(n: number, options: { announced?: boolean; at?: number } = {}): AnycastServerReading {
  const announced = options.announced ?? true;
  return {
    role: "anycast-server",
    readAtMs: options.at ?? AT,
    watcher: { running: true, detail: "bird 2.0.12 running" },
    drift: inSync,
    check: announced ? { passing: true, detail: "tcp 127.0.0.1:53 answers" } : { passing: false, detail: "tcp 127.0.0.1:53: connection refused" },
    announced,
    sessions: [{ protocol: "edge", peer: `10.1.${n}.1`, state: "Established", established: true, since: "2026-12-06T04:00:00Z", info: "" }],
    bfd: [{ peer: `10.1.${n}.1`, interface: "eth1", state: "Up", since: "2026-12-06T04:00:00Z", intervalMs: 100, timeoutMs: 300 }],
    served: { packets: `${5000 * n}`, bytes: `${400_000 * n}` },
    openConnections: 3 * n,
  };
}

export function edgeReading(options: { servers?: number[]; at?: number } = {}): AnycastEdgeReading {
  const up = options.servers ?? [1, 2];
  return {
    role: "anycast-edge",
    readAtMs: options.at ?? AT,
    watcher: { running: true, detail: "bird 2.0.12 running" },
    drift: inSync,
    sessions: [1, 2].map((n) => ({
      protocol: `server_${n}`,
      peer: `10.1.${n}.2`,
      state: up.includes(n) ? "Established" : "Active",
      established: up.includes(n),
      since: "2026-12-06T04:00:00Z",
      info: up.includes(n) ? "" : "Error: BFD session down",
    })),
    bfd: [1, 2].map((n) => ({
      peer: `10.1.${n}.2`,
      interface: `eth${n}`,
      state: up.includes(n) ? "Up" : "Down",
      since: null,
      intervalMs: 100,
      timeoutMs: 300,
    })),
    nexthops: up.map((n) => ({
      via: `10.1.${n}.2`,
      interface: `eth${n}`,
      device: `server-${n}`,
      forwarded: { packets: `${7000 * n}`, bytes: `${560_000 * n}` },
    })),
    standby: [],
  };
}

export function anycastSiteLive(options: { siteId?: string; seq?: number; at?: number; up?: number[] } = {}): SiteLive {
  const up = options.up ?? [1, 2];
  return {
    siteId: options.siteId ?? "site-dns",
    name: "dns",
    kind: "anycast",
    atMs: options.at ?? AT,
    seq: options.seq ?? 1,
    polledBy: "fixture",
    intervalMs: 2000,
    members: [
      ...[1, 2].map((n) =>
        memberLive(`server-${n}`, serverReading(n, { announced: up.includes(n) }), { served: { packetsPerSec: 50 * n, bitsPerSec: 4000 * n } }),
      ),
      memberLive(
        "edge",
        edgeReading({ servers: up }),
        Object.fromEntries(up.map((n) => [`forwarded:server-${n}`, { packetsPerSec: 70 * n, bitsPerSec: 5600 * n }])),
      ),
    ],
    summary: [],
  };
}

export const anycastPlans = (): Map<string, MemberPlan> =>
  new Map<string, MemberPlan>([
    ["server-1", serverPlan()],
    ["server-2", serverPlan()],
    ["edge", edgePlan()],
  ]);
