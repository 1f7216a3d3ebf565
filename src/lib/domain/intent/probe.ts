import { z } from "zod";
import { ZIPv4 } from "../network";

// How a link is judged alive: probes sent *through that link* to each target. A round passes when at least
// `minAnswering` targets answer within `timeoutMs`; `downCount` failed rounds in a row take the link down and
// `upCount` passing rounds bring it back (hysteresis, so one lost probe never flaps a link).
// Defaults aim at detection in about one second: 3 rounds × 300 ms, each probing every target at once.
export const ZProbe = z
  .strictObject({
    type: z.enum(["icmp", "tcp"]).default("icmp"),
    /** TCP connect probes only. */
    port: z.number().int().min(1).max(65535).optional(),
    targets: z.array(ZIPv4).min(1, "at least one target").max(8),
    intervalMs: z.number().int().min(100).max(60_000).default(300),
    timeoutMs: z.number().int().min(50).max(10_000).default(250),
    minAnswering: z.number().int().min(1).default(1),
    downCount: z.number().int().min(1).max(50).default(3),
    upCount: z.number().int().min(1).max(100).default(5),
  })
  .refine((p) => p.type !== "tcp" || p.port !== undefined, { message: "a TCP probe needs a port", path: ["port"] })
  .refine((p) => p.type !== "icmp" || p.port === undefined, { message: "ICMP probes have no port", path: ["port"] })
  .refine((p) => p.minAnswering <= p.targets.length, { message: "more answers required than there are targets", path: ["minAnswering"] })
  .refine((p) => p.timeoutMs <= p.intervalMs, { message: "the timeout must not exceed the interval", path: ["timeoutMs"] })
  .refine((p) => new Set(p.targets).size === p.targets.length, { message: "targets repeat", path: ["targets"] });

export type Probe = z.infer<typeof ZProbe>;

type Range = [number, number];

/**
 * The one model of failover time, used by the meaning, the builder and the compilers' warnings alike, so the same
 * intent gives the same numbers everywhere. The prober (the gateway monitor, assets/monitor.sh, its header) judges a
 * round per interval: a link that has been clean goes down after downCount−1 failed rounds, one that has been losing
 * probes after downCount; a lost probe is known one interval after it was sent (the timeout never exceeds it).
 * Recovery takes upCount passing rounds.
 */
export function failoverTimesMs(probe: Pick<Probe, "intervalMs" | "downCount" | "upCount">): { clean: Range; lossy: Range; recovery: Range } {
  const { intervalMs: i, downCount: d, upCount: u } = probe;
  return { clean: [Math.max(1, d - 1) * i, d * i], lossy: [d * i, (d + 1) * i], recovery: [(u - 1) * i, u * i] };
}

/** From the link dying to it being declared down: best case (clean) to worst case (already losing answers). */
export function detectionTimeMs(probe: Probe): { minMs: number; maxMs: number } {
  const { clean, lossy } = failoverTimesMs(probe);
  return { minMs: clean[0], maxMs: lossy[1] };
}

/** From the link answering again to traffic returning to it. */
export function recoveryTimeMs(probe: Probe): { minMs: number; maxMs: number } {
  const [minMs, maxMs] = failoverTimesMs(probe).recovery;
  return { minMs, maxMs };
}

/** 900 → "0.90 s", 12000 → "12.0 s": the failover times' one way of writing seconds. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "0.60 s–0.90 s (0.90 s–1.20 s if its probes were already losing answers)". */
export function detectionWords(probe: Pick<Probe, "intervalMs" | "downCount" | "upCount">): string {
  const { clean, lossy } = failoverTimesMs(probe);
  return `${formatSeconds(clean[0])}–${formatSeconds(clean[1])} (${formatSeconds(lossy[0])}–${formatSeconds(lossy[1])} if its probes were already losing answers)`;
}

/** "1.20 s–1.50 s": from the link answering again to traffic returning to it. */
export function recoveryWords(probe: Pick<Probe, "intervalMs" | "downCount" | "upCount">): string {
  const [from, to] = failoverTimesMs(probe).recovery;
  return `${formatSeconds(from)}–${formatSeconds(to)}`;
}
