import { formatBitRate, formatPerSecond, NOTHING } from "@/components/policy/format";

// The numbers of the Trends charts in words: axis ticks, the legend, the table and the summary sentence share them.

export type Unit = "bits" | "perSecond" | "percent" | "ms" | "count";

const COUNT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatValue(unit: Unit, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NOTHING;
  switch (unit) {
    case "bits":
      return formatBitRate(value);
    case "perSecond":
      return `${formatPerSecond(value)}/s`;
    case "percent":
      return `${value.toFixed(1)} %`;
    case "ms":
      return `${value.toFixed(1)} ms`;
    case "count":
      return COUNT.format(value);
  }
}

/** Average and peak of the known values; null when nothing was measured. */
export function averageAndPeak(values: readonly (number | null)[], peaks?: readonly (number | null)[]): { average: number; peak: number } | null {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return null;
  const peakValues = (peaks ?? values).filter((v): v is number => v !== null);
  return { average: known.reduce((s, v) => s + v, 0) / known.length, peak: Math.max(...(peakValues.length ? peakValues : known)) };
}

export const PRESETS = [
  { id: "15m", label: "15 min", ms: 15 * 60_000 },
  { id: "1h", label: "1 h", ms: 3_600_000 },
  { id: "6h", label: "6 h", ms: 6 * 3_600_000 },
  { id: "24h", label: "24 h", ms: 24 * 3_600_000 },
  { id: "7d", label: "7 d", ms: 7 * 86_400_000 },
  { id: "30d", label: "30 d", ms: 30 * 86_400_000 },
] as const;
export type PresetId = (typeof PRESETS)[number]["id"];

export const RESOLUTION_WORDS: Record<string, string> = {
  raw: "every poll",
  minute: "one point per minute (averages; peaks in the table)",
  hour: "one point per hour (averages; peaks in the table)",
};

/** A link or backend state by sign, word and colour (never colour alone). */
export const STATE_LOOK: Record<string, { sign: string; word: string; className: string }> = {
  up: { sign: "▲", word: "up", className: "bg-emerald-100 text-emerald-900" },
  degraded: { sign: "◆", word: "degraded", className: "bg-amber-100 text-amber-900" },
  down: { sign: "▼", word: "down", className: "bg-rose-100 text-rose-900" },
  unknown: { sign: "?", word: "unknown", className: "bg-slate-100 text-slate-700" },
  // A site member's node, route and BGP session changes (domain/site/transitions.ts).
  alive: { sign: "▲", word: "alive", className: "bg-emerald-100 text-emerald-900" },
  dead: { sign: "▼", word: "dead", className: "bg-rose-100 text-rose-900" },
  announced: { sign: "▲", word: "announced", className: "bg-emerald-100 text-emerald-900" },
  withdrawn: { sign: "▼", word: "withdrawn", className: "bg-rose-100 text-rose-900" },
};
export const stateLook = (state: string) => STATE_LOOK[state] ?? { sign: "•", word: state.replace(/_/g, " "), className: "bg-slate-100 text-slate-700" };
