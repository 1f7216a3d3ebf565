import type { Intent, ServerPool } from "../../intent";
import { ZServerName } from "../../intent/inbound";
import { POOL_PROBE_DEFAULTS } from "../../intent/pool-probe";
import { bucketPreferences, preferenceWords, serving } from "./bucket-prefs";
import * as guard from "./guard";
import { HASH_SEED, hex, POOL_SIZE } from "./layout";

// Inbound server pools on a Linux gateway (nftables only): per pool one dnat rule in a nat prerouting chain whose
// target comes from a map `pool_<name>` of POOL_SIZE buckets → backend address . port. The bucket is
// `numgen inc` (per-connection: an exact round robin over the buckets), or a jhash of the client (sticky).
// The on-gateway monitor probes every backend and rewrites each pool's map in one `nft -f` when a verdict changes,
// giving each bucket to the first backend of its preference list that is up (bucket-prefs.ts). NAT decides on a
// connection's first packet only, so established connections keep their backend whatever the map says: that is
// drain. A map with no element (no backend up) matches nothing and the rule after it resets the connection.

export type PoolBackendModel = {
  /** Position among the pool's backends (0–15): its hex digit in the bucket words. */
  index: number;
  name: string;
  address: string;
  port: number;
  weight: number;
  state: "active" | "drain" | "disabled";
  counters: { newConnections: string; tx: string; rx: string };
};

export type PoolModel = {
  index: number;
  name: string;
  /** The map the monitor rewrites: pool_<name with - as _>. */
  map: string;
  protocol: "tcp" | "udp";
  listen: { interface: string; address: string | null; port: number };
  sticky: "per-connection" | "source" | "source-and-port";
  probe: {
    type: "icmp" | "tcp" | "http";
    intervalMs: number;
    timeoutMs: number;
    downCount: number;
    upCount: number;
    /** http only: GET this path and want this status (200 when the intent names none). */
    path: string;
    expectStatus: number;
  };
  backends: PoolBackendModel[];
  /** Per bucket, the active backends in order of preference, as hex-digit words (bucket-prefs.ts). */
  buckets: string[];
};

/** nft identifiers of a pool and its backends (names are [a-z][a-z0-9-]*: "-" → "_" keeps them distinct). */
function poolId(name: string): string {
  if (!ZServerName.safeParse(name).success) throw new guard.CompileGrammarError("pool name", name);
  return name.replace(/-/g, "_");
}

export function poolModels(intent: Intent): PoolModel[] {
  return (intent.inbound?.pools ?? []).map((pool, index) => poolModel(pool, index));
}

function poolModel(pool: ServerPool, index: number): PoolModel {
  const id = poolId(pool.name);
  const listen = pool.listen;
  const backends = pool.backends.map((b, k): PoolBackendModel => {
    if (!ZServerName.safeParse(b.name).success) throw new guard.CompileGrammarError("backend name", b.name);
    const counter = (what: string) => `pool_${id}_b${k}_${what}`;
    return {
      index: k,
      name: b.name,
      address: guard.ipv4(b.address),
      port: guard.integer(b.port ?? listen.port, 1, 65535),
      weight: guard.integer(b.weight, 1, 100),
      state: guard.oneOf(b.state, ["active", "drain", "disabled"]),
      counters: { newConnections: counter("new"), tx: counter("tx"), rx: counter("rx") },
    };
  });
  const active = backends.filter((b) => b.state === "active");
  const probe = pool.probe;
  const path = probe.path ?? POOL_PROBE_DEFAULTS.path;
  if (!/^\/[A-Za-z0-9._~/-]{0,100}$/.test(path)) throw new guard.CompileGrammarError("probe path", path);
  return {
    index,
    name: pool.name,
    map: `pool_${id}`,
    protocol: guard.oneOf(listen.protocol, ["tcp", "udp"]),
    listen: {
      interface: guard.interfaceName(listen.interface),
      address: listen.address === undefined ? null : guard.ipv4(listen.address),
      port: guard.integer(listen.port, 1, 65535),
    },
    sticky: guard.oneOf(pool.sticky, ["per-connection", "source", "source-and-port"]),
    probe: {
      type: guard.oneOf(probe.type, ["icmp", "tcp", "http"]),
      intervalMs: guard.integer(probe.intervalMs, 100, 60_000),
      timeoutMs: guard.integer(probe.timeoutMs, 50, 10_000),
      downCount: guard.integer(probe.downCount ?? POOL_PROBE_DEFAULTS.downCount, 1, 10),
      upCount: guard.integer(probe.upCount ?? POOL_PROBE_DEFAULTS.upCount, 1, 10),
      path,
      expectStatus: guard.integer(probe.expectStatus ?? POOL_PROBE_DEFAULTS.expectStatus, 100, 599),
    },
    backends,
    buckets: preferenceWords(bucketPreferences(active, POOL_SIZE)),
  };
}

/** The map's elements while exactly the backends in `up` pass their checks (the compiled ruleset: all up). */
export function poolElements(pool: PoolModel, up: ReadonlySet<number>): string {
  const parts: string[] = [];
  pool.buckets.forEach((word, bucket) => {
    const chosen = serving(
      [...word].map((c) => Number.parseInt(c, 16)),
      up,
    );
    if (chosen === null) return;
    const b = pool.backends[chosen]!;
    parts.push(`${bucket} : ${b.address} . ${b.port}`);
  });
  return parts.join(", ");
}

function bucketKey(pool: PoolModel): string {
  switch (pool.sticky) {
    case "per-connection":
      return `numgen inc mod ${POOL_SIZE}`;
    case "source":
      return `jhash ip saddr mod ${POOL_SIZE} seed ${hex(HASH_SEED)}`;
    case "source-and-port":
      return `jhash ip saddr . ${pool.protocol} sport mod ${POOL_SIZE} seed ${hex(HASH_SEED)}`;
  }
}

function listenMatch(pool: PoolModel): string {
  // IPv4 only (the pools are): without an address, IPv6 to the gateway's port is left alone, never refused.
  const to = pool.listen.address === null ? "meta nfproto ipv4 fib daddr type local" : `ip daddr ${pool.listen.address}`;
  return `iifname "${pool.listen.interface}" ${to} ${pool.protocol} dport ${pool.listen.port}`;
}

/** Named counters, maps and the backend lookup maps, inside `table inet waymark`. */
export function poolDeclarations(pools: readonly PoolModel[]): string[][] {
  if (pools.length === 0) return [];
  const counters = pools.flatMap((p) =>
    p.backends.flatMap((b) => [
      `\tcounter ${b.counters.newConnections} { comment "new connections sent to ${p.name}/${b.name}" }`,
      `\tcounter ${b.counters.tx} { comment "packets to ${p.name}/${b.name}" }`,
      `\tcounter ${b.counters.rx} { comment "packets from ${p.name}/${b.name}" }`,
    ]),
  );
  const maps = pools.map((p) => {
    const all = new Set(p.backends.filter((b) => b.state === "active").map((b) => b.index));
    return [
      `\t# Pool ${p.name}: buckets 0-${POOL_SIZE - 1} → backend; the monitor rewrites it when a backend's check changes.`,
      `\tmap ${p.map} {`,
      `\t\ttypeof numgen inc mod ${POOL_SIZE} : ip daddr . ${p.protocol} dport`,
      `\t\telements = { ${poolElements(p, all)} }`,
      "\t}",
    ];
  });
  const lookup = (what: "newConnections" | "tx" | "rx") =>
    pools.flatMap((p) => p.backends.map((b) => `${p.protocol} . ${b.address} . ${b.port} : "${b.counters[what]}"`)).join(", ");
  const counterMap = (name: string, what: "newConnections" | "tx" | "rx") => [
    `\tmap ${name} {`,
    "\t\ttype inet_proto . ipv4_addr . inet_service : counter",
    `\t\telements = { ${lookup(what)} }`,
    "\t}",
  ];
  return [
    counters,
    ...maps,
    [
      "\t# Backend → its counters, for the forward hook (NAT has already rewritten the destination there).",
      ...counterMap(POOL_COUNTER_MAPS.newConnections, "newConnections"),
      ...counterMap(POOL_COUNTER_MAPS.tx, "tx"),
      ...counterMap(POOL_COUNTER_MAPS.rx, "rx"),
    ],
    [
      "\t# Every backend address: the gateway's own probes to them are never balanced onto a WAN link.",
      "\tset pool_backends {",
      "\t\ttype ipv4_addr",
      `\t\telements = { ${[...new Set(pools.flatMap((p) => p.backends.map((b) => b.address)))].join(", ")} }`,
      "\t}",
    ],
  ];
}

export const POOL_COUNTER_MAPS = { newConnections: "backend_new", tx: "backend_tx", rx: "backend_rx" } as const;

/** The nat prerouting chain: per pool its dnat through the map (no element for the bucket: no match). */
export function poolNatRules(pools: readonly PoolModel[]): string[] {
  return pools.map((p) => `${listenMatch(p)} counter dnat ip to ${bucketKey(p)} map @${p.map} comment "pool ${p.name}"`);
}

// A connection the map sent nowhere (no backend up) arrives for the gateway itself: refused here with a TCP reset
// (ICMP port unreachable for UDP) rather than left to hang, or to whatever the gateway runs on that port. Not in
// the nat chain: a reject at prerouting is routed by the main table alone, which may have no route back; from the
// input hook it is routed with the packet's mark (fwmark_reflect, routing.ts), so it leaves by the client's link.
export function poolRefuseRules(pools: readonly PoolModel[]): string[] {
  return pools.map((p) => `${listenMatch(p)} counter ${p.protocol === "tcp" ? "reject with tcp reset" : "reject"} comment "pool ${p.name}: no backend up"`);
}

/** Forward-hook counting: new connections and packets each way per backend (only connections NAT sent there). */
export function poolForwardRules(pools: readonly PoolModel[]): string[] {
  if (pools.length === 0) return [];
  const { newConnections, tx, rx } = POOL_COUNTER_MAPS;
  return [
    `ct status dnat ct state new counter name meta l4proto . ip daddr . th dport map @${newConnections} comment "new connections per pool backend"`,
    `ct status dnat ct direction original counter name meta l4proto . ip daddr . th dport map @${tx} comment "traffic to each pool backend"`,
    `ct status dnat ct direction reply counter name meta l4proto . ip saddr . th sport map @${rx} comment "traffic from each pool backend"`,
  ];
}
