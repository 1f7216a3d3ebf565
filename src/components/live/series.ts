import type { LiveRates, RatePoint } from "@/lib/domain/monitor/live";

// The last minutes of one rate out of the snapshot's and updates' rate points, for a sparkline, and its trend in a
// word for screen readers ("trend over 5 min: rising").

export type Series = { times: number[]; values: (number | null)[] };

export function seriesOf(recent: readonly RatePoint[], pick: (rates: LiveRates) => number | null | undefined): Series {
  return { times: recent.map((p) => p.at / 1000), values: recent.map((p) => pick(p.rates) ?? null) };
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** "rising", "falling" or "steady": the last quarter of the points against the first, 20 % either way; null with too few. */
export function trendWord(values: readonly (number | null)[]): "rising" | "falling" | "steady" | null {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 4) return null;
  const quarter = Math.max(1, Math.floor(known.length / 4));
  const first = mean(known.slice(0, quarter));
  const last = mean(known.slice(-quarter));
  const scale = Math.max(Math.abs(first), Math.abs(last));
  if (scale === 0 || Math.abs(last - first) <= scale * 0.2) return "steady";
  return last > first ? "rising" : "falling";
}

/** "5 min", "40 s": the span the points cover. */
export function spanWords(times: readonly number[]): string {
  const seconds = times.length < 2 ? 0 : Math.round((times.at(-1) ?? 0) - (times[0] ?? 0));
  return seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
}

/** The rates' key of a backend: the domain's `backendKey` (components import only types from the domain). */
export const backendKeyOf = (b: { pool: string; name: string }): string => `${b.pool}/${b.name}`;
