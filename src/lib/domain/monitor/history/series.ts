import type { DeviceLive } from "../live";
import { backendKey } from "../live";

// History is kept as columns: one column per (link or backend, metric), aligned on one list of times. The same
// shape holds a raw sample (one time), a minute's raw block, and the minute and hour rollups (where a metric also
// has `.max` / `.min` columns and states become the fraction of time up). Values are numbers or null (not
// measured, or no rate yet), never a 0 standing in for "unknown".

/** device, link and backend: a device's history; member and nexthop: a site's (domain/site/history.ts). */
export type SeriesSubject = "device" | "link" | "backend" | "member" | "nexthop";

export type SeriesColumn = { subject: SeriesSubject; name: string; metric: string; values: (number | null)[] };

/** Points of one device: `times` ascending (ms since the epoch; for a rollup the start of each bucket). */
export type SeriesBlock = { times: number[]; columns: SeriesColumn[] };

export const LINK_STATE_CODES = { up: 1, degraded: 2, down: 3, unknown: 4 } as const;
export const BACKEND_STATE_CODES = { up: 1, down: 2, drain: 3, disabled: 4, unknown: 5 } as const;

/** Each base metric (before any `.max`/`.min`) with the resolution it is kept at: value × scale rounded. */
export const METRIC_SCALES: Record<string, number> = {
  state: 1,
  up: 10_000,
  n: 1,
  lossPercent: 1_000,
  rttMs: 1_000,
  newPerSecond: 1_000,
  inBitsPerSecond: 1,
  outBitsPerSecond: 1,
  bitsPerSecond: 1,
  inPacketsPerSecond: 100,
  outPacketsPerSecond: 100,
  packetsPerSecond: 100,
  ignoredPacketsPerSecond: 100,
  openConnections: 100,
};

export const baseMetric = (metric: string): string => metric.replace(/\.(max|min)$/, "");
export const scaleOf = (metric: string): number => METRIC_SCALES[baseMetric(metric)] ?? 1_000;

const column = (subject: SeriesSubject, name: string, metric: string, value: number | null): SeriesColumn => ({
  subject,
  name,
  metric,
  values: [value],
});

/**
 * One poll as a one-point block: per link its state, probe loss and RTT, new connections/s, bits/s and packets/s
 * each way and open connections; per backend its state, new connections/s, bits/s and open connections. Rules are
 * left out (too many; the live view has them). Null when the update brings no reading with rates.
 */
export function sampleFromLive(update: DeviceLive): SeriesBlock | null {
  const reading = update.reading;
  if (!reading || !update.rates) return null;
  const rates = update.rates;
  const columns: SeriesColumn[] = [];
  for (const link of reading.links) {
    const r = rates.links[link.name];
    columns.push(
      column("link", link.name, "state", LINK_STATE_CODES[link.state]),
      column("link", link.name, "lossPercent", link.lossPercent),
      column("link", link.name, "rttMs", link.rttMs),
      column("link", link.name, "newPerSecond", r?.newPerSecond ?? null),
      column("link", link.name, "inBitsPerSecond", r?.inBitsPerSecond ?? null),
      column("link", link.name, "outBitsPerSecond", r?.outBitsPerSecond ?? null),
      column("link", link.name, "inPacketsPerSecond", r?.inPacketsPerSecond ?? null),
      column("link", link.name, "outPacketsPerSecond", r?.outPacketsPerSecond ?? null),
      column("link", link.name, "openConnections", link.openConnections),
    );
  }
  for (const backend of reading.backends) {
    const key = backendKey(backend);
    const r = rates.backends[key];
    columns.push(
      column("backend", key, "state", BACKEND_STATE_CODES[backend.state]),
      column("backend", key, "newPerSecond", r?.newPerSecond ?? null),
      column("backend", key, "bitsPerSecond", r?.bitsPerSecond ?? null),
      column("backend", key, "openConnections", backend.openConnections),
    );
  }
  return { times: [reading.readAtMs], columns };
}

const keyOf = (c: { subject: string; name: string; metric: string }) => `${c.subject}\u0000${c.name}\u0000${c.metric}`;

/**
 * Blocks of one device joined in time order; a time present twice keeps its first point (a block compacted
 * again after a crash holds the same samples). A column missing from a block is null there.
 */
export function mergeBlocks(blocks: readonly SeriesBlock[]): SeriesBlock {
  const rows = new Map<number, Map<string, number | null>>();
  const order: SeriesColumn[] = [];
  const known = new Set<string>();
  for (const block of blocks) {
    for (const c of block.columns) {
      const key = keyOf(c);
      if (!known.has(key)) {
        known.add(key);
        order.push({ subject: c.subject, name: c.name, metric: c.metric, values: [] });
      }
    }
    block.times.forEach((t, i) => {
      if (rows.has(t)) return;
      rows.set(t, new Map(block.columns.map((c) => [keyOf(c), c.values[i] ?? null])));
    });
  }
  const times = [...rows.keys()].sort((a, b) => a - b);
  for (const c of order) {
    const key = keyOf(c);
    c.values = times.map((t) => rows.get(t)?.get(key) ?? null);
  }
  return { times, columns: order };
}

/** The points with from ≤ time < to. */
export function sliceBlock(block: SeriesBlock, from: number, to: number): SeriesBlock {
  const keep = block.times.map((t, i) => (t >= from && t < to ? i : -1)).filter((i) => i >= 0);
  return {
    times: keep.map((i) => block.times[i]!),
    columns: block.columns.map((c) => ({ ...c, values: keep.map((i) => c.values[i] ?? null) })),
  };
}
