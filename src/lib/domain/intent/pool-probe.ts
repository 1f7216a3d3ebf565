import type { PoolProbe } from "./inbound";

// A backend's health check as both kinds read the intent. The Linux gateway monitor judges a backend the way it
// judges a link: `downCount` failed probes in a row take it out of the pool, `upCount` answered ones bring it back.
// An absent field means the default below, so the meaning, the form and the compilers agree on one number.

export const POOL_PROBE_DEFAULTS = { downCount: 2, upCount: 2, path: "/", expectStatus: 200 } as const;

export type PoolProbeSettings = PoolProbe & { downCount: number; upCount: number };

export function poolProbeSettings(probe: PoolProbe): PoolProbeSettings {
  const filled = { ...probe, downCount: probe.downCount ?? POOL_PROBE_DEFAULTS.downCount, upCount: probe.upCount ?? POOL_PROBE_DEFAULTS.upCount };
  if (probe.type !== "http") return filled;
  return { ...filled, path: probe.path ?? POOL_PROBE_DEFAULTS.path, expectStatus: probe.expectStatus ?? POOL_PROBE_DEFAULTS.expectStatus };
}

type Timing = Pick<PoolProbe, "intervalMs" | "downCount" | "upCount">;

/** From a backend dying to it taking no new connections: its last good probe, then downCount failed ones. */
export function poolDetectionMs(probe: Timing): number {
  return (probe.downCount ?? POOL_PROBE_DEFAULTS.downCount) * probe.intervalMs;
}

/** From a backend answering again to it taking new connections again. */
export function poolReturnMs(probe: Timing): number {
  return (probe.upCount ?? POOL_PROBE_DEFAULTS.upCount) * probe.intervalMs;
}

/** 1000 → "1.0 s", 200 → "0.2 s": "about", so one decimal. */
export const aboutSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** "ping", "TCP connect", "HTTP GET /healthz expecting 200". */
export function poolProbeWords(probe: PoolProbe): string {
  if (probe.type === "icmp") return "ping";
  if (probe.type === "tcp") return "TCP connect";
  const { path, expectStatus } = poolProbeSettings(probe);
  return `HTTP GET ${path} expecting ${expectStatus}`;
}

/** "a dead backend is out after about 2.0 s and back about 2.0 s after it answers again". */
export function poolTimingWords(probe: Timing): string {
  return `a dead backend is out after about ${aboutSeconds(poolDetectionMs(probe))} and back about ${aboutSeconds(poolReturnMs(probe))} after it answers again`;
}

export const STICKINESS_WORDS = {
  "per-connection": "every new connection may reach a different backend",
  source: "one client address always reaches the same backend",
  "source-and-port": "one client address and source port always reach the same backend (clients behind one NAT still spread)",
} as const;

/** The pools page's one line: "HTTP GET /healthz expecting 200 every 1 s, 500 ms timeout; a dead backend is out after …". */
export function poolCheckWords(probe: PoolProbe): string {
  const every = probe.intervalMs % 1000 === 0 ? `${probe.intervalMs / 1000} s` : `${probe.intervalMs} ms`;
  return `${poolProbeWords(probe)} every ${every}, ${probe.timeoutMs} ms timeout; ${poolTimingWords(probe)}`;
}
