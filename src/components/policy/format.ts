// Display helpers for readings. Counters arrive as decimal strings (they can pass 2^53).

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

export const NOTHING = "—";

export function formatBytes(text: string | null | undefined): string {
  if (text === null || text === undefined) return NOTHING;
  let scaled = Number(text);
  let unit = 0;
  while (scaled >= 1024 && unit < BYTE_UNITS.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return `${scaled.toFixed(unit ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

export function formatBitRate(bitsPerSecond: number | null): string {
  if (bitsPerSecond === null || !Number.isFinite(bitsPerSecond)) return NOTHING;
  const units = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"];
  let scaled = bitsPerSecond;
  let unit = 0;
  while (scaled >= 1000 && unit < units.length - 1) {
    scaled /= 1000;
    unit++;
  }
  return `${scaled.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

/** A cumulative counter with digit grouping, exact at any size. */
export function formatCount(text: string | null | undefined): string {
  return text === null || text === undefined ? NOTHING : BigInt(text).toLocaleString("en-US");
}

export function formatPerSecond(value: number | null): string {
  return value === null || !Number.isFinite(value) ? NOTHING : value.toFixed(1);
}

export function formatPercent(value: number | null): string {
  return value === null ? NOTHING : `${value.toFixed(0)} %`;
}

/** "3 s", "5 min", "2 h 10 min", "3 d 4 h": how long ago, for a state's "since". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}
