import { z } from "zod";
import type { SeriesBlock } from "../monitor/history/series";
import { type TrendBand, ZTrendBand } from "../monitor/history/trends";
import { MEMBER_STATES } from "./history";

// What GET /sites/{id}/trends answers: one list of times and, per member and per next hop at the edge, one array
// per metric aligned on it (uPlot's columnar data as is), each member's state bands (up / down / unreachable /
// not_pushed, "unknown" where nothing was recorded) and the members' node, route and BGP changes in the span.

export const SITE_TREND_RANGES = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
} as const;
export const ZSiteTrendRange = z.enum(["15m", "1h", "6h", "24h", "7d", "30d"]);
export type SiteTrendRange = z.infer<typeof ZSiteTrendRange>;

const ZValues = z.array(z.number().nullable());

export const ZSiteTrendEvent = z.object({
  device: z.string(),
  deviceName: z.string(),
  subject: z.enum(["node", "route", "bgp"]),
  /** The site's name, or "<site>/<protocol>" for a BGP session. */
  name: z.string(),
  state: z.string(),
  previous: z.string().nullable(),
  at: z.string(),
  detail: z.string(),
});
export type SiteTrendEvent = z.infer<typeof ZSiteTrendEvent>;

export const ZSiteTrends = z.object({
  siteId: z.string(),
  name: z.string(),
  kind: z.enum(["shared-vip", "anycast"]),
  range: ZSiteTrendRange,
  from: z.string(),
  to: z.string(),
  /** raw: every poll; minute / hour: averages with `.max` columns, states as `up` (0–1). */
  resolution: z.enum(["raw", "minute", "hour"]),
  resolutionSec: z.number().int(),
  /** Seconds since the epoch (uPlot's x values). */
  times: z.array(z.number()),
  /**
   * Per member: packetsPerSecond and bitsPerSecond (answered / served), openConnections, and by role
   * ignoredPacketsPerSecond and bucketsOwned (VIP node), sessionsUp, nexthops (edge); `state` codes or `up`.
   */
  members: z.array(
    z.object({
      device: z.string(),
      deviceName: z.string(),
      role: z.enum(["vip-node", "anycast-server", "anycast-edge"]),
      series: z.record(z.string(), ZValues),
      bands: z.array(ZTrendBand),
    }),
  ),
  /** Per server behind the edge: what the edge forwarded to it (packetsPerSecond, bitsPerSecond). */
  nexthops: z.array(z.object({ server: z.string(), serverName: z.string().nullable(), series: z.record(z.string(), ZValues) })),
  events: z.array(ZSiteTrendEvent),
});
export type SiteTrends = z.infer<typeof ZSiteTrends>;

/** A member's state in a point: the raw code's word, or from a rollup's fraction up. */
export function memberStateAt(series: Record<string, (number | null)[]>, index: number): string | null {
  const code = series.state?.[index];
  if (code !== null && code !== undefined) return MEMBER_STATES[code] ?? "unknown";
  const up = series.up?.[index];
  if (up === null || up === undefined) return null;
  return up >= 0.999 ? "up" : up <= 0.001 ? "down" : "partly up";
}

/**
 * A member's bands over [fromMs, toMs) from its points: each point's state holds until the next point; a gap of
 * more than three steps (nothing recorded: the monitor down, the site not yet watched) is "unknown".
 */
export function memberBands(times: readonly number[], series: Record<string, (number | null)[]>, stepMs: number, fromMs: number, toMs: number): TrendBand[] {
  const bands: TrendBand[] = [];
  const push = (from: number, to: number, state: string) => {
    if (to <= from) return;
    const last = bands.at(-1);
    if (last && last.state === state && last.toMs === from) last.toMs = to;
    else bands.push({ fromMs: from, toMs: to, state });
  };
  let at = fromMs;
  times.forEach((t, i) => {
    const state = memberStateAt(series, i);
    if (state === null) return;
    if (t > at) push(at, t, "unknown");
    const next = times[i + 1] ?? toMs;
    const until = Math.min(toMs, next - t > 3 * stepMs ? t + stepMs : next);
    push(Math.max(t, fromMs), until, state);
    at = until;
  });
  push(at, toMs, "unknown");
  return bands;
}

/** The block's columns regrouped per member and per next hop, one record of metric → values each. */
export function siteSeriesBySubject(block: SeriesBlock): {
  members: Map<string, Record<string, (number | null)[]>>;
  nexthops: Map<string, Record<string, (number | null)[]>>;
} {
  const members = new Map<string, Record<string, (number | null)[]>>();
  const nexthops = new Map<string, Record<string, (number | null)[]>>();
  for (const c of block.columns) {
    const target = c.subject === "member" ? members : c.subject === "nexthop" ? nexthops : null;
    if (!target) continue;
    const record = target.get(c.name) ?? {};
    record[c.metric] = c.values;
    target.set(c.name, record);
  }
  return { members, nexthops };
}
