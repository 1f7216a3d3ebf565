// How history is kept over time, as pure arithmetic: which resolution answers a span, how long each is kept, and
// what a device costs on disk (the benchmark quotes historyFootprint at 1,000 devices).

/** Seconds per point: 0 = every poll (raw), 60 = a point per minute, 3600 = a point per hour. */
export type Resolution = 0 | 60 | 3600;
export const RESOLUTIONS: readonly Resolution[] = [0, 60, 3600];
export const RESOLUTION_WORDS = { 0: "raw", 60: "minute", 3600: "hour" } as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What one SampleBlock of each resolution spans: raw a minute, minute points an hour, hour points a day. */
export const BLOCK_SPAN_MS: Record<Resolution, number> = { 0: MINUTE, 60: HOUR, 3600: DAY };

export type Retention = { rawHours: number; minuteDays: number; hourDays: number; eventDays: number };

/** How long after it ends a block's period is rolled up: the minute compaction of its last minute has run by then. */
export const ROLLUP_GRACE_MS: Record<Resolution, number> = { 0: 10_000, 60: 2 * MINUTE, 3600: 10 * MINUTE };

/** The longest span one trends query answers (about the hour points' default retention). */
export const MAX_TREND_SPAN_MS = 400 * DAY;

/**
 * The resolution for a span: raw up to 2 h, minute points up to 3 days, hour points beyond; coarser when the
 * span starts before the finer resolution's retention (raw samples 7 days ago are gone).
 */
export function chooseResolution(fromMs: number, toMs: number, nowMs: number, retention: Retention): Resolution {
  const span = toMs - fromMs;
  const rawKept = nowMs - retention.rawHours * HOUR;
  const minutesKept = nowMs - retention.minuteDays * DAY;
  if (span <= 2 * HOUR && fromMs >= rawKept) return 0;
  if (span <= 3 * DAY && fromMs >= minutesKept) return 60;
  return 3600;
}

/** Blocks of a resolution older than this (by their end) are deleted. */
export function retentionCutoffMs(resolution: Resolution, nowMs: number, retention: Retention): number {
  if (resolution === 0) return nowMs - retention.rawHours * HOUR;
  if (resolution === 60) return nowMs - retention.minuteDays * DAY;
  return nowMs - retention.hourDays * DAY;
}

/** Measured sizes of one device's blocks (bytes of SampleBlock.data plus the row's own columns). */
export type BlockSizes = { rawBlockBytes: number; minuteBlockBytes: number; hourBlockBytes: number };

export type Footprint = {
  /** Bytes one device adds per day: 1,440 raw blocks, 24 minute blocks, one hour block. */
  writtenPerDay: number;
  /** What one device holds at steady state: the raw window, the minute points' and the hour points' retention. */
  storedAtSteadyState: number;
};

export function historyFootprint(sizes: BlockSizes, retention: Retention): Footprint {
  const rawBlocks = retention.rawHours * 60;
  const minuteBlocks = retention.minuteDays * 24;
  return {
    writtenPerDay: 1440 * sizes.rawBlockBytes + 24 * sizes.minuteBlockBytes + sizes.hourBlockBytes,
    storedAtSteadyState: rawBlocks * sizes.rawBlockBytes + minuteBlocks * sizes.minuteBlockBytes + retention.hourDays * sizes.hourBlockBytes,
  };
}
