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

/** Worst case from the link dying to the link being declared down: the failing rounds plus one partial round. */
export function detectionTimeMs(probe: Probe): { minMs: number; maxMs: number } {
  return {
    minMs: (probe.downCount - 1) * probe.intervalMs + probe.timeoutMs,
    maxMs: probe.downCount * probe.intervalMs + probe.timeoutMs,
  };
}

/** From the link answering again to traffic returning to it. */
export function recoveryTimeMs(probe: Probe): { minMs: number; maxMs: number } {
  return { minMs: (probe.upCount - 1) * probe.intervalMs, maxMs: probe.upCount * probe.intervalMs };
}
