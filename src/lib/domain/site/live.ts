import { z } from "zod";
import { ZMemberReading } from "./member-reading";

// A site as the monitor sees it, member by member: what GET /sites/{id}/live streams (a snapshot, then one update
// per poll) and GET /api/v1/sites/{id}/state answers. Rates are computed on the server (domain/monitor/rates.ts).

export const ZRate = z.object({ packetsPerSec: z.number().nullable(), bitsPerSec: z.number().nullable() });

export const ZMemberLive = z.object({
  device: z.string(),
  deviceName: z.string(),
  role: z.enum(["vip-node", "anycast-server", "anycast-edge"]),
  /** ok: read; not_pushed: no confirmed plan on it; otherwise the device failure's status (unreachable, timed_out…). */
  status: z.string(),
  /** The failure in the admin's words, with the next try: "device unreachable: …, next try in 4 s". */
  problem: z.string().nullable(),
  /** When the next attempt is due after a failure (backoff), ms since the epoch. */
  nextAttemptAt: z.number().nullable(),
  reading: ZMemberReading.nullable(),
  /**
   * Per-poll rates of this member's traffic: "answered" (VIP node), "served" (anycast server), and at the edge
   * "forwarded:<device id>" per server.
   */
  rates: z.record(z.string(), ZRate),
});
export type MemberLive = z.infer<typeof ZMemberLive>;

export const ZSiteLive = z.object({
  siteId: z.string(),
  name: z.string(),
  kind: z.enum(["shared-vip", "anycast"]),
  atMs: z.number(),
  /** Counts this site's updates in the instance that polls it; a subscriber drops one older than it has seen. */
  seq: z.number().int().nonnegative(),
  /** The Waymark instance that polls the site (its SitePollLease holder). */
  polledBy: z.string(),
  /** How often the members are polled. */
  intervalMs: z.number().int().positive(),
  members: z.array(ZMemberLive),
  /** The site in a few words, worst first: "node web-2 is not heard by web-1, web-3: its 21 buckets moved". */
  summary: z.array(z.string()),
});
export type SiteLive = z.infer<typeof ZSiteLive>;

/** One point of a site's sparklines: each member's rates of one poll (by device id, then rate key). */
export const ZSiteRatePoint = z.object({ at: z.number(), members: z.record(z.string(), z.record(z.string(), ZRate)) });
export type SiteRatePoint = z.infer<typeof ZSiteRatePoint>;
export type Rate = z.infer<typeof ZRate>;
