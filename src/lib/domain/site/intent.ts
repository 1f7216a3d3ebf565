import { z } from "zod";
import { ZPort } from "../grammar";
import { ZInterfaceName, ZIPv4 } from "../network";

// A site: one intent realised by several devices together. Two kinds:
//   shared-vip: a group of Linux servers answers one virtual IP without a balancer in front (what CLUSTERIP did):
//     every node receives every packet (multicast MAC) and keeps only the hash buckets it owns; owners are computed on
//     each node by rendezvous hashing over the nodes its heartbeat sees alive, so a dead node's buckets go to its
//     peers and a surviving node's buckets never move.
//   anycast: servers running BIRD 2 announce one service address over BGP (with BFD) while their health check passes;
//     an edge router (a Linux gateway running BIRD) spreads flows across them by ECMP; standby servers (a lower
//     local preference at the edge) take traffic only when no preferred one is left.
// Members name devices by id; each member device gets its own plan (member-plan.ts).

export const ZSiteName = z.string().regex(/^[a-z][a-z0-9-]{0,23}$/, "1–24 characters: lower-case letters, digits and -, starting with a letter");

/** What a node or server checks of its own service; failing it takes the member out (no heartbeat / route withdrawn). */
export const ZServiceCheck = z
  .strictObject({
    /** tcp: a connection to 127.0.0.1:port opens. http: GET path on 127.0.0.1:port answers expectStatus. */
    type: z.enum(["tcp", "http"]),
    port: ZPort,
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9._~/-]{0,100}$/, "a path such as /healthz: letters, digits and . _ ~ / -")
      .default("/"),
    expectStatus: z.number().int().min(100).max(599).default(200),
    intervalMs: z.number().int().min(100).max(60_000).default(500),
    timeoutMs: z.number().int().min(50).max(10_000).default(300),
    /** Consecutive failures before the member is taken out, and successes before it is back. */
    downCount: z.number().int().min(1).max(10).default(2),
    upCount: z.number().int().min(1).max(10).default(2),
  })
  .refine((c) => c.timeoutMs <= c.intervalMs, { message: "the timeout must not exceed the interval", path: ["timeoutMs"] });
export type ServiceCheck = z.infer<typeof ZServiceCheck>;

/** Where BIRD keeps its configuration and control socket on a member (Debian's bird2 package by default). */
export const ZBirdPaths = z.strictObject({
  configFile: z
    .string()
    .regex(/^\/[A-Za-z0-9._/-]{1,200}$/, "an absolute path")
    .default("/etc/bird/bird.conf"),
  controlSocket: z
    .string()
    .regex(/^\/[A-Za-z0-9._/-]{1,200}$/, "an absolute path")
    .default("/run/bird/bird.ctl"),
});
export type BirdPaths = z.infer<typeof ZBirdPaths>;

const ZDeviceRef = z.string().min(1).max(64);
const ZAsn = z.number().int().min(1).max(4_294_967_294);

export const ZVipNode = z.strictObject({
  device: ZDeviceRef,
  role: z.literal("vip-node"),
  /** The interface on the shared segment that carries the virtual IP. */
  interface: ZInterfaceName,
  /** The node's own address on that segment: heartbeats go between these. */
  address: ZIPv4,
  /** The node's number in the rendezvous hash, 1–32; kept for the life of the site so owners stay put. */
  nodeId: z.number().int().min(1).max(32),
});
export type VipNode = z.infer<typeof ZVipNode>;

export const ZVipHash = z.enum(["source", "source-port", "source-port-dest-port"]);

export const ZSharedVipSite = z.strictObject({
  kind: z.literal("shared-vip"),
  vip: ZIPv4,
  /** The virtual IP's prefix length on the shared segment. */
  prefixLength: z.number().int().min(8).max(32).default(24),
  /** What a client's bucket is a hash of: its address; address and port; address, port and the destination port. */
  hash: ZVipHash.default("source"),
  /** Fixed for the life of the site: changing it moves nearly every client. */
  buckets: z.number().int().min(2).max(256).default(64),
  heartbeat: z
    .strictObject({
      port: ZPort.default(7946),
      intervalMs: z.number().int().min(50).max(1000).default(100),
      /** A peer unheard for this many intervals is dead and its buckets are taken over. */
      deadAfter: z.number().int().min(2).max(20).default(3),
    })
    .default({ port: 7946, intervalMs: 100, deadAfter: 3 }),
  /** A node whose check fails stops sending heartbeats, so its peers take its buckets. */
  check: ZServiceCheck.optional(),
  members: z.array(ZVipNode).min(2, "at least two nodes").max(16),
});
export type SharedVipSite = z.infer<typeof ZSharedVipSite>;

export const ZAnycastServer = z.strictObject({
  device: ZDeviceRef,
  role: z.literal("anycast-server"),
  /** The interface towards the edge router; BFD runs on it. */
  interface: ZInterfaceName,
  /** The server's address on its link to the edge, and the edge's address on the same link. */
  address: ZIPv4,
  edgeAddress: ZIPv4,
  asn: ZAsn,
  /** preferred servers share the traffic; standby ones take it only when no preferred one is left. */
  preference: z.enum(["preferred", "standby"]).default("preferred"),
  bird: ZBirdPaths.default({ configFile: "/etc/bird/bird.conf", controlSocket: "/run/bird/bird.ctl" }),
});
export type AnycastServer = z.infer<typeof ZAnycastServer>;

export const ZAnycastEdge = z.strictObject({
  device: ZDeviceRef,
  role: z.literal("anycast-edge"),
  asn: ZAsn,
  bird: ZBirdPaths.default({ configFile: "/etc/bird/bird.conf", controlSocket: "/run/bird/bird.ctl" }),
});
export type AnycastEdge = z.infer<typeof ZAnycastEdge>;

export const ZAnycastSite = z.strictObject({
  kind: z.literal("anycast"),
  /** The service address every server announces as a /32. */
  address: ZIPv4,
  check: ZServiceCheck,
  bfd: z
    .strictObject({
      intervalMs: z.number().int().min(10).max(10_000).default(100),
      multiplier: z.number().int().min(2).max(10).default(3),
    })
    .default({ intervalMs: 100, multiplier: 3 }),
  holdTimeSec: z.number().int().min(3).max(240).default(9),
  members: z
    .array(z.discriminatedUnion("role", [ZAnycastServer, ZAnycastEdge]))
    .min(2)
    .max(17),
});
export type AnycastSite = z.infer<typeof ZAnycastSite>;

export const ZSiteIntent = z.discriminatedUnion("kind", [ZSharedVipSite, ZAnycastSite]).superRefine((site, ctx) => {
  const issue = (message: string, path: (string | number)[] = ["members"]) => ctx.addIssue({ code: "custom", path, message });
  const devices = site.members.map((m) => m.device);
  for (const device of duplicates(devices)) issue(`device ${device} is a member twice`);
  if (site.kind === "shared-vip") {
    for (const id of duplicates(site.members.map((m) => String(m.nodeId)))) issue(`two nodes have node number ${id}`);
    for (const at of duplicates(site.members.map((m) => m.address))) issue(`two nodes have address ${at}`);
    if (site.members.some((m) => m.address === site.vip)) issue("a node's own address cannot be the virtual IP");
    return;
  }
  const edges = site.members.filter((m) => m.role === "anycast-edge");
  const servers = site.members.filter((m): m is AnycastServer => m.role === "anycast-server");
  if (edges.length !== 1) issue("an anycast site has exactly one edge router");
  if (servers.length === 0) issue("an anycast site needs at least one server");
  if (servers.length > 0 && servers.every((s) => s.preference === "standby")) issue("at least one server must be preferred");
  for (const at of duplicates(servers.map((s) => s.address))) issue(`two servers have address ${at}`);
  const edgeAsn = edges[0]?.asn;
  servers.forEach((s, index) => {
    if (s.asn === edgeAsn) issue(`server ${s.device} uses the edge's AS number ${s.asn}; servers peer over eBGP`, ["members", site.members.indexOf(s), "asn"]);
    if (s.address === site.address) issue("a server's link address cannot be the service address", ["members", index, "address"]);
  });
});
export type SiteIntent = z.infer<typeof ZSiteIntent>;
export type SiteIntentInput = z.input<typeof ZSiteIntent>;
export type SiteKind = SiteIntent["kind"];
export type SiteMember = SiteIntent["members"][number];
export type MemberRole = SiteMember["role"];
export const MEMBER_ROLES = ["vip-node", "anycast-server", "anycast-edge"] as const;

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}
