// RouterOS duration strings: "2d20h12m20s", "1w2d3h4m5s", "998ms", or "00:00:05".

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

const PART_MS: Readonly<Record<string, number>> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/** Milliseconds, or null when the text is not a duration. A bare number means seconds. */
export const parseDuration = (text: string): number | null => {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const clock = /^(\d+):(\d{2}):(\d{2})$/.exec(value);
  if (clock) return (Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3])) * 1000;
  if (!/^(\d+(ms|w|d|h|m|s))+$/.test(value)) return null;
  let total = 0;
  for (const [, count, unit] of value.matchAll(/(\d+)(ms|w|d|h|m|s)/g)) total += Number(count) * (PART_MS[unit ?? ""] ?? 0);

  return total;
};
