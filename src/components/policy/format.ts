// Display helpers shared by the state panels. Counters arrive as decimal strings (they can pass 2^53).

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

export function formatBytes(text: string | null | undefined): string {
  if (text === null || text === undefined) return "—";
  let scaled = Number(text);
  let unit = 0;
  while (scaled >= 1024 && unit < BYTE_UNITS.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return `${scaled.toFixed(unit ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

export function formatBitRate(bitsPerSecond: number | null): string {
  if (bitsPerSecond === null || !Number.isFinite(bitsPerSecond)) return "—";
  const units = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s"];
  let scaled = bitsPerSecond;
  let unit = 0;
  while (scaled >= 1000 && unit < units.length - 1) {
    scaled /= 1000;
    unit++;
  }
  return `${scaled.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

/** Per-second rate between two readings of one counter; null until there are two readings. */
export function ratePerSecond(now: string, before: string | undefined, elapsedMs: number): number | null {
  if (before === undefined || elapsedMs <= 0) return null;
  const delta = Number(BigInt(now) - BigInt(before));
  return delta < 0 ? null : (delta * 1000) / elapsedMs;
}
