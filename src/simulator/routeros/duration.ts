// RouterOS duration strings: "2d20h12m20s", "1w2d3h4m5s", "998ms", or the clock form "00:00:05", "00:00:00.200",
// "1d00:00:00" (how /console/inspect states ranges and how a script's as-value prints times; reference notes and
// tik4net Docs/findings-cli.md "as-value spells values the router's way").

const UNITS: readonly [suffix: string, ms: number][] = [
  ["w", 604_800_000],
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
];

export const formatDuration = (ms: number): string => {
  let rest = Math.max(0, Math.floor(ms / 1000)) * 1000;
  let text = "";
  for (const [suffix, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${suffix}`;
    rest -= count * size;
  }

  return text || "0s";
};

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** The clock form: 10 s → "00:00:10", 1 d → "1d00:00:00", 20 ms → "00:00:00.020". */
export const formatClock = (ms: number): string => {
  const whole = Math.max(0, Math.round(ms));
  const weeks = Math.floor(whole / 604_800_000);
  const days = Math.floor((whole % 604_800_000) / 86_400_000);
  const inDay = whole % 86_400_000;
  const [h, m, s, frac] = [Math.floor(inDay / 3_600_000), Math.floor((inDay % 3_600_000) / 60_000), Math.floor((inDay % 60_000) / 1000), inDay % 1000];
  const prefix = `${weeks > 0 ? `${weeks}w` : ""}${days > 0 ? `${days}d` : ""}`;

  return `${prefix}${pad(h)}:${pad(m)}:${pad(s)}${frac > 0 ? `.${pad(frac, 3)}` : ""}`;
};

const PART_MS: Readonly<Record<string, number>> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

const CLOCK = /^(?:(\d+)w)?(?:(\d+)d)?(\d+):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

/** Milliseconds, or null when the text is not a duration. A bare number means seconds. */
export const parseDuration = (text: string): number | null => {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const clock = CLOCK.exec(value);
  if (clock) {
    const [, w = "0", d = "0", h, m, s, frac = ""] = clock;
    const seconds = ((Number(w) * 7 + Number(d)) * 24 + Number(h)) * 3600 + Number(m) * 60 + Number(s);
    return seconds * 1000 + Number(frac.padEnd(3, "0") || "0");
  }
  if (!/^(\d+(ms|w|d|h|m|s))+$/.test(value)) return null;
  let total = 0;
  for (const [, count, unit] of value.matchAll(/(\d+)(ms|w|d|h|m|s)/g)) total += Number(count) * (PART_MS[unit ?? ""] ?? 0);

  return total;
};
