import { z } from "zod";
import { ZTraffic } from "../device/reading";

// What a site member does now, read from the device: a shared-VIP node's heartbeat view and buckets, an anycast
// server's check and announcement, the edge's BGP/BFD sessions and the ECMP route. One zod schema; the HTTP contract,
// the monitor, /metrics and the UI take their types from it. Counters are cumulative decimal strings as in DeviceReading.

const ZCommon = {
  /** When the device was read, ms since the epoch (dashboard clock). */
  readAtMs: z.number(),
  /** The member's daemon (heartbeat; health check; BIRD) runs. */
  watcher: z.object({ running: z.boolean(), detail: z.string() }),
  /** What on the device differs from the confirmed plan, in words; empty when it matches. */
  drift: z.object({ drifted: z.boolean(), entries: z.array(z.string()) }),
};

export const ZHeartbeatPeer = z.object({
  nodeId: z.number().int(),
  address: z.string(),
  alive: z.boolean(),
  /** Ms since its last heartbeat as this node heard it; null: never heard. */
  lastHeardMsAgo: z.number().nullable(),
});

export const ZVipNodeReading = z.object({
  role: z.literal("vip-node"),
  ...ZCommon,
  /** This node's own service check; null when the site has none. */
  check: z.object({ passing: z.boolean(), detail: z.string() }).nullable(),
  peers: z.array(ZHeartbeatPeer),
  /** Node numbers this node counts alive (itself included while its check passes). */
  aliveNodes: z.array(z.number().int()),
  bucketsOwned: z.array(z.number().int()),
  /** Packets to the virtual IP this node kept (its buckets) and let go (others' buckets). */
  answered: ZTraffic.nullable(),
  ignored: ZTraffic.nullable(),
  /** Connections to the virtual IP this node tracks now. */
  openConnections: z.number().int().nullable(),
});
export type VipNodeReading = z.infer<typeof ZVipNodeReading>;

/** A BGP session as BIRD reports it; `state` is BIRD's word ("Established", "Active", "Idle", "Connect"…). */
export const ZBgpSession = z.object({
  protocol: z.string(),
  peer: z.string().nullable(),
  state: z.string(),
  established: z.boolean(),
  /** When it entered that state, ISO 8601 where BIRD says. */
  since: z.string().nullable(),
  /** BIRD's info column: "Error: BFD session down", "Received: 1 Accepted: 1". */
  info: z.string(),
});
export type BgpSession = z.infer<typeof ZBgpSession>;

export const ZBfdSession = z.object({
  peer: z.string(),
  interface: z.string().nullable(),
  /** "Up", "Down", "Init", "AdminDown". */
  state: z.string(),
  since: z.string().nullable(),
  intervalMs: z.number().nullable(),
  timeoutMs: z.number().nullable(),
});
export type BfdSession = z.infer<typeof ZBfdSession>;

export const ZAnycastServerReading = z.object({
  role: z.literal("anycast-server"),
  ...ZCommon,
  check: z.object({ passing: z.boolean(), detail: z.string() }),
  /** The service route is exported to the edge (the check passes and the announcing protocol is up). */
  announced: z.boolean(),
  sessions: z.array(ZBgpSession),
  bfd: z.array(ZBfdSession),
  /** Packets and bytes that arrived for the service address, and connections to it now. */
  served: ZTraffic.nullable(),
  openConnections: z.number().int().nullable(),
});
export type AnycastServerReading = z.infer<typeof ZAnycastServerReading>;

export const ZAnycastNexthop = z.object({
  via: z.string(),
  interface: z.string().nullable(),
  /** The member device behind this next hop, when it is one of the site's servers. */
  device: z.string().nullable(),
  /** Packets and bytes the edge forwarded to this server for the service address. */
  forwarded: ZTraffic.nullable(),
});

export const ZAnycastEdgeReading = z.object({
  role: z.literal("anycast-edge"),
  ...ZCommon,
  sessions: z.array(ZBgpSession),
  bfd: z.array(ZBfdSession),
  /** The service route as installed in the kernel: its ECMP next hops, empty when withdrawn everywhere. */
  nexthops: z.array(ZAnycastNexthop),
  /** Servers whose route the edge holds but does not use (standby by local preference). */
  standby: z.array(z.string()),
});
export type AnycastEdgeReading = z.infer<typeof ZAnycastEdgeReading>;

export const ZMemberReading = z.discriminatedUnion("role", [ZVipNodeReading, ZAnycastServerReading, ZAnycastEdgeReading]);
export type MemberReading = z.infer<typeof ZMemberReading>;
