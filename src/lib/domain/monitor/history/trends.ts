import { z } from "zod";
import { BACKEND_STATE_CODES, LINK_STATE_CODES, type SeriesBlock } from "./series";

// What GET /devices/{id}/trends answers: one list of times and, per link and per backend, one array per metric
// aligned on it (uPlot's columnar data as is), the link up/down bands and the StateEvent timeline of the span.

const ZValues = z.array(z.number().nullable());

export const ZTrendBand = z.object({ fromMs: z.number(), toMs: z.number(), state: z.string() });
export type TrendBand = z.infer<typeof ZTrendBand>;

export const ZTrendEvent = z.object({
  /** node / route / bgp: the device as a site member (domain/site/transitions.ts). */
  subject: z.enum(["link", "backend", "device", "node", "route", "bgp"]),
  name: z.string(),
  state: z.string(),
  previous: z.string().nullable(),
  at: z.string(),
  lossPercent: z.number().nullable(),
  rttMs: z.number().nullable(),
  detail: z.string(),
});
export type TrendEvent = z.infer<typeof ZTrendEvent>;

export const ZTrends = z.object({
  deviceId: z.string(),
  from: z.string(),
  to: z.string(),
  /** raw: every poll; minute / hour: averages with `.max` (and RTT `.min`) columns, states as `up` (0–1). */
  resolution: z.enum(["raw", "minute", "hour"]),
  resolutionSec: z.number().int(),
  /** Seconds since the epoch (uPlot's x values). */
  times: z.array(z.number()),
  links: z.array(z.object({ name: z.string(), series: z.record(z.string(), ZValues), bands: z.array(ZTrendBand) })),
  backends: z.array(z.object({ key: z.string(), series: z.record(z.string(), ZValues) })),
  events: z.array(ZTrendEvent),
});
export type Trends = z.infer<typeof ZTrends>;

const LINK_STATES = Object.fromEntries(Object.entries(LINK_STATE_CODES).map(([word, code]) => [code, word]));
export const BACKEND_STATES = Object.fromEntries(Object.entries(BACKEND_STATE_CODES).map(([word, code]) => [code, word]));

/** A link's state in a point: the raw state code, or from a rollup's fraction up (all up, none up, or between). */
export function linkStateAt(series: Record<string, (number | null)[]>, index: number): string | null {
  const code = series.state?.[index];
  if (code !== null && code !== undefined) return LINK_STATES[code] ?? "unknown";
  const up = series.up?.[index];
  if (up === null || up === undefined) return null;
  return up >= 0.999 ? "up" : up <= 0.001 ? "down" : "degraded";
}

/**
 * The link's up/down band over [fromMs, toMs): its state at the start (the last change before the span), then one
 * segment per change in the span. With no change recorded before the span, the time before the first point is
 * "unknown" (nothing recorded), and from there the state is the first change's previous one or the first point's.
 */
export function linkBands(
  changes: readonly { atMs: number; state: string; previous: string | null }[],
  stateBefore: string | null,
  firstPoint: { atMs: number; state: string } | null,
  fromMs: number,
  toMs: number,
): TrendBand[] {
  const inSpan = changes.filter((c) => c.atMs >= fromMs && c.atMs < toMs).sort((a, b) => a.atMs - b.atMs);
  const bands: TrendBand[] = [];
  let state = stateBefore ?? "unknown";
  let start = fromMs;
  if (stateBefore === null) {
    const known = Math.min(firstPoint?.atMs ?? toMs, inSpan[0]?.atMs ?? toMs);
    if (known > fromMs) bands.push({ fromMs, toMs: known, state: "unknown" });
    start = Math.max(fromMs, known);
    const first = inSpan[0];
    const pointFirst = firstPoint !== null && (first === undefined || firstPoint.atMs <= first.atMs);
    state = pointFirst ? firstPoint.state : (first?.previous ?? "unknown");
  }
  for (const change of inSpan) {
    if (change.atMs > start) bands.push({ fromMs: start, toMs: change.atMs, state });
    state = change.state;
    start = Math.max(start, change.atMs);
  }
  if (toMs > start) bands.push({ fromMs: start, toMs, state });
  return bands;
}

/** The block's columns regrouped per link and per backend, one record of metric → values each. */
export function seriesBySubject(block: SeriesBlock): {
  links: Map<string, Record<string, (number | null)[]>>;
  backends: Map<string, Record<string, (number | null)[]>>;
} {
  const links = new Map<string, Record<string, (number | null)[]>>();
  const backends = new Map<string, Record<string, (number | null)[]>>();
  for (const c of block.columns) {
    const target = c.subject === "link" ? links : c.subject === "backend" ? backends : null;
    if (!target) continue;
    const record = target.get(c.name) ?? {};
    record[c.metric] = c.values;
    target.set(c.name, record);
  }
  return { links, backends };
}
