import { z } from "zod";
import type { LinkHealth } from "../device/reading";

// A failover drill in the admin's terms: what happened when (blocked → detected → switched → restored → recovered)
// and the timings measured from what the device itself reported. Pure: the service feeds it the readings.

export const DRILL_OUTCOMES = ["running", "passed", "failed", "aborted"] as const;
export type DrillOutcome = (typeof DRILL_OUTCOMES)[number];

export const DRILL_PHASES = ["started", "blocked", "detected", "switched", "no-traffic", "restored", "recovered", "failed", "aborted"] as const;
export const ZDrillEvent = z.object({
  phase: z.enum(DRILL_PHASES),
  /** ISO 8601, dashboard clock. */
  at: z.string(),
  /** Milliseconds since the block, where the phase is a measurement (detected, switched, recovered: since restore). */
  ms: z.number().int().nullable(),
  detail: z.string(),
});
export type DrillEvent = z.infer<typeof ZDrillEvent>;
export const ZDrillEvents = z.array(ZDrillEvent);

/** A drill as the API answers it and the drills screens show it. */
export type DrillView = {
  id: string;
  deviceId: string;
  link: string;
  durationS: number;
  outcome: DrillOutcome;
  events: DrillEvent[];
  detectionMs: number | null;
  switchMs: number | null;
  recoveryMs: number | null;
  detail: string;
  actorName: string;
  startedAt: string;
  endedAt: string | null;
};

export const DRILL_DURATION = { minS: 10, maxS: 300 } as const;
/** How long after the drill's end the device lifts the block by itself, should the dashboard not do it. */
export const DRILL_EXPIRY_MARGIN_S = 15;

/** What the drill needs of a reading: each link's state, when the device says it entered it, new connections. */
export type DrillSample = {
  readAtMs: number;
  links: { name: string; state: LinkHealth; since: string | null; newConnections: string | null; outBytes: string | null }[];
};

const linkOf = (sample: DrillSample, link: string) => sample.links.find((l) => l.name === link);
const isDown = (sample: DrillSample, link: string) => linkOf(sample, link)?.state === "down";
const isUp = (sample: DrillSample, link: string) => ["up", "degraded"].includes(linkOf(sample, link)?.state ?? "");

/**
 * When a state change happened: the device's own `since` where it falls between the reading before and this one
 * (it is the finer clock), else this reading's time (the device's clock is coarse, or off: the conservative bound).
 */
function changedAt(sample: DrillSample, previousAtMs: number, link: string): number {
  const since = linkOf(sample, link)?.since;
  const at = since ? Date.parse(since) : Number.NaN;
  return Number.isFinite(at) && at > previousAtMs && at <= sample.readAtMs ? at : sample.readAtMs;
}

/**
 * The first reading after the block in which the device reports `link` down, and how long after the block. Where
 * the device dated both the block and its verdict by its own clock (`deviceBlockedAtMs`; a Linux gateway), the
 * difference of the two is the detection, free of the dashboard's clock and of the time the block took to travel;
 * else the device's `since` within the readings, or the reading's time.
 */
export function detection(
  samples: readonly DrillSample[],
  link: string,
  fromMs: number,
  deviceBlockedAtMs: number | null = null,
): { atMs: number; index: number; ms: number } | null {
  let previous = fromMs;
  for (const [index, sample] of samples.entries()) {
    if (sample.readAtMs <= fromMs) continue;
    if (isDown(sample, link)) {
      const since = Date.parse(linkOf(sample, link)?.since ?? "");
      const seen = sample.readAtMs - fromMs;
      if (deviceBlockedAtMs !== null && Number.isFinite(since) && since >= deviceBlockedAtMs && since - deviceBlockedAtMs <= seen + 1_000) {
        return { atMs: fromMs + (since - deviceBlockedAtMs), index, ms: since - deviceBlockedAtMs };
      }
      const atMs = Math.max(fromMs, changedAt(sample, previous, link));
      return { atMs, index, ms: atMs - fromMs };
    }
    previous = sample.readAtMs;
  }
  return null;
}

/** The first reading after `fromMs` in which the device reports `link` up again. */
export function recovery(samples: readonly DrillSample[], link: string, fromMs: number): { atMs: number } | null {
  let previous = fromMs;
  for (const sample of samples) {
    if (sample.readAtMs <= fromMs) continue;
    if (isUp(sample, link)) return { atMs: Math.max(fromMs, changedAt(sample, previous, link)) };
    previous = sample.readAtMs;
  }
  return null;
}

const grew = (before: DrillSample, after: DrillSample, link: string, pick: "newConnections" | "outBytes"): bigint | null => {
  const a = linkOf(before, link)?.[pick];
  const b = linkOf(after, link)?.[pick];
  if (a === null || a === undefined || b === null || b === undefined) return null;
  return BigInt(b) < BigInt(a) ? 0n : BigInt(b) - BigInt(a);
};

/** What a link's own health probes may send in a second while blocked (8 targets, a few probes each): not traffic. */
const PROBE_BYTES_PER_S = 4_096;

const fresh = (before: DrillSample, after: DrillSample, link: string): boolean => (grew(before, after, link, "newConnections") ?? 0n) > 0n;

/**
 * The drilled link still carries new traffic between two readings when it was given new connections and, where the
 * device counts what leaves the link, more left it than its own probes send. Both, because a device may fail over
 * by routing alone: a MikroTik's PCC rule still marks connections for the dead link, its routes send them elsewhere.
 */
function drilledCarries(before: DrillSample, after: DrillSample, link: string): boolean {
  const out = grew(before, after, link, "outBytes");
  const allowance = BigInt(Math.ceil((PROBE_BYTES_PER_S * Math.max(0, after.readAtMs - before.readAtMs)) / 1000));
  return fresh(before, after, link) && (out === null || out > allowance);
}

export type SwitchVerdict = { kind: "switched"; atMs: number; to: string[] } | { kind: "no-traffic" } | { kind: "not-yet" } | { kind: "stayed" };

/**
 * The switch: the first pair of readings from the detection on in which the drilled link stopped carrying new
 * traffic and another carried it. `final`: the drill's block is over, so "not yet" becomes an answer (no new
 * connections anywhere: nothing to observe; new ones still on the drilled link: traffic stayed).
 */
export function switchOver(samples: readonly DrillSample[], link: string, detectedIndex: number, final: boolean): SwitchVerdict {
  let anyTraffic = false;
  for (let i = Math.max(1, detectedIndex); i < samples.length; i += 1) {
    const before = samples[i - 1]!;
    const after = samples[i]!;
    const others = after.links.filter((l) => l.name !== link && fresh(before, after, l.name)).map((l) => l.name);
    if (others.length > 0 || fresh(before, after, link)) anyTraffic = true;
    if (!drilledCarries(before, after, link) && others.length > 0) return { kind: "switched", atMs: after.readAtMs, to: others };
  }
  if (!final) return { kind: "not-yet" };
  return anyTraffic ? { kind: "stayed" } : { kind: "no-traffic" };
}
