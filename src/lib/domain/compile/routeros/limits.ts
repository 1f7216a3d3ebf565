import type { RouterOsVersion } from "./types";

// The values real routers accept for the netwatch arguments Waymark sets, as RouterOS CHRs describe them with
// /console/inspect (src/simulator/routeros/schema/arg-desc.json, vendored from the shared reference):
//   interval 1s..71w2h27m52s950ms, timeout 10ms..4w, packet-interval 20ms..71w2h27m52s950ms,
//   thr-tcp-conn-time 0s..30s (7.12.2: "..30s"; 7.9.2 states no range).
// Every 7.x entry (7.9.2 to 7.24) states the same, so one table serves all of v7. v6 has no inspect dump; it takes
// the nearest entry, 7.9.2 [UNVERIFIED on 6.x]. conformance.test.ts checks every compiled value against the file
// itself for each vendored version, so a version whose ranges differ from this table fails there.

export type Range = { readonly minMs: number; readonly maxMs: number };

export type NetwatchLimits = {
  readonly interval: Range;
  readonly timeout: Range;
  readonly packetInterval: Range;
  readonly tcpConnTime: Range;
};

const FOREVER_MS = ((71 * 7 * 24 + 2) * 3600 + 27 * 60 + 52) * 1000 + 950; // 71w2h27m52s950ms
const FOUR_WEEKS_MS = 4 * 7 * 24 * 3600 * 1000;

const V7: NetwatchLimits = {
  interval: { minMs: 1000, maxMs: FOREVER_MS },
  timeout: { minMs: 10, maxMs: FOUR_WEEKS_MS },
  packetInterval: { minMs: 20, maxMs: FOREVER_MS },
  tcpConnTime: { minMs: 0, maxMs: 30_000 },
};

export const NETWATCH_LIMITS: Readonly<Record<RouterOsVersion, NetwatchLimits>> = { "6": V7, "7": V7 };

export const clampTo = (ms: number, range: Range): number => Math.min(range.maxMs, Math.max(range.minMs, ms));

/** "once a second": how often a netwatch of this version may start a test, for warnings. */
export function netwatchPace(version: RouterOsVersion): string {
  const { minMs } = NETWATCH_LIMITS[version].interval;
  return minMs === 1000 ? "once a second" : `once every ${minMs / 1000} s`;
}
