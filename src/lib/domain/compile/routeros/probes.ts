import { poolProbeSettings, type Intent, type Link, type PoolProbe } from "../../intent";
import { clampTo, NETWATCH_LIMITS } from "./limits";
import type { RouterOsVersion } from "./types";

// Which netwatch watches each link, and with which probe type.
//
// Netwatch cannot choose the link a probe leaves through, so each probed target gets a host route in the main
// table through one link's gateway; a target can therefore serve one link only. Each link takes its first target
// that no earlier link took.
//
// Types: v6 has only the simple probe (one ping per interval, one miss is down). v7 (7.4+) adds `icmp`, which sends
// a burst per test with loss and RTT thresholds: a burst of downCount pings one intervalMs apart, failing only when
// all are lost, is the closest RouterOS gets to "downCount failed rounds in a row". With downCount 1 the simple
// probe already says exactly that. TCP probes become `tcp-conn` on v7 and cannot be expressed on v6.
//
// Every time value is held to what the router accepts (limits.ts): a netwatch starts a test at most once a second,
// so a faster intent gets 1 s tests (and the plan says what that costs: warnings.ts).

export type NetwatchKind = "simple" | "icmp" | "tcp-conn";

export type LinkProbe = { link: Link; target: string; kind: NetwatchKind };

export function assignLinkProbes(intent: Intent, version: RouterOsVersion): LinkProbe[] {
  const taken = new Set<string>();
  const assigned: LinkProbe[] = [];
  for (const link of intent.links) {
    const kind = netwatchKind(link, version);
    if (kind === undefined) continue;
    const target = link.probe.targets.find((t) => !taken.has(t));
    if (target === undefined) continue;
    taken.add(target);
    assigned.push({ link, target, kind });
  }
  return assigned;
}

function netwatchKind(link: Link, version: RouterOsVersion): NetwatchKind | undefined {
  if (link.probe.type === "tcp") return version === "7" ? "tcp-conn" : undefined;
  return version === "7" && link.probe.downCount > 1 ? "icmp" : "simple";
}

/** RouterOS time: "300ms", "2s". */
export function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Time between the starts of two netwatch tests: an icmp test is a whole burst of downCount pings. */
export function testIntervalMs({ link, kind }: LinkProbe, version: RouterOsVersion): number {
  const { intervalMs, downCount } = link.probe;
  return clampTo(kind === "icmp" ? intervalMs * downCount : intervalMs, NETWATCH_LIMITS[version].interval);
}

/** Worst case from the link dying to netwatch declaring it down, with the timing the router really gets. */
export function netwatchDetectionMs(probe: LinkProbe, version: RouterOsVersion): number {
  const { intervalMs, timeoutMs, downCount } = probe.link.probe;
  // A test the link dies during may still pass on an early answer; the next one then fails after its last ping.
  const burst = probe.kind === "icmp" ? (downCount - 1) * intervalMs : 0;
  return testIntervalMs(probe, version) + burst + timeoutMs;
}

function timing(intervalMs: number, timeoutMs: number, version: RouterOsVersion): { interval: string; timeout: string } {
  const limits = NETWATCH_LIMITS[version];
  return { interval: duration(clampTo(intervalMs, limits.interval)), timeout: duration(clampTo(timeoutMs, limits.timeout)) };
}

const tcpConnTime = (timeoutMs: number, version: RouterOsVersion): string => duration(clampTo(timeoutMs, NETWATCH_LIMITS[version].tcpConnTime));

/** The netwatch properties that say how a link is probed (scripts and comment come separately). */
export function linkProbeProperties(probe: LinkProbe, version: RouterOsVersion): Record<string, string> {
  const { link, target, kind } = probe;
  const { intervalMs, timeoutMs, downCount, port } = link.probe;
  const times = timing(testIntervalMs(probe, version), timeoutMs, version);
  if (kind === "tcp-conn") return { type: "tcp-conn", host: target, port: String(port), ...times, "thr-tcp-conn-time": tcpConnTime(timeoutMs, version) };
  if (kind === "simple") return version === "7" ? { type: "simple", host: target, ...times } : { host: target, ...times };
  return {
    type: "icmp",
    host: target,
    // One test is the whole burst, so tests follow each other without a gap; where the burst is shorter than the
    // shortest interval the router takes, the pings keep their spacing and the test waits for the next second.
    interval: times.interval,
    // [UNVERIFIED] that an icmp test's timeout bounds each ping's answer rather than the whole burst.
    timeout: times.timeout,
    "packet-count": String(downCount),
    "packet-interval": duration(clampTo(intervalMs, NETWATCH_LIMITS[version].packetInterval)),
    // The test fails only when every ping of the burst is lost [UNVERIFIED: whether the thresholds compare with
    // ">" or ">="; with both set this way the burst fails at all lost under either reading of thr-loss-percent].
    "thr-loss-count": String(downCount - 1),
    "thr-loss-percent": "100%",
    // "Default Netwatch values are always used": without these, the 100 ms average-RTT default fails any
    // long-haul, LTE or satellite link. An answer within the intent's timeout is a good answer.
    "thr-avg": duration(timeoutMs),
    "thr-max": duration(timeoutMs),
    "thr-jitter": duration(timeoutMs),
    "thr-stdev": duration(timeoutMs),
  };
}

/**
 * Backend probes: icmp as a simple probe, tcp as tcp-conn and http as http-get, both v7 only (7.4+). http-get asks
 * GET of the host and port and passes when the status is in http-codes ("a multi range [100..599]", default
 * 100-299; the manual's probe options); netwatch has no argument for the path (none in any schema, 7.9.2–7.24), so
 * a path other than / is a warning (pools.ts) [UNVERIFIED: that the request is for /, the manual names no path]. Answers slower than thr-http-time fail the test too: held to the
 * intent's timeout, as for tcp-conn.
 */
export function backendProbeProperties(probe: PoolProbe, address: string, port: number, version: RouterOsVersion): Record<string, string> | undefined {
  const times = timing(probe.intervalMs, probe.timeoutMs, version);
  if (probe.type === "tcp") {
    if (version === "6") return undefined;
    return { type: "tcp-conn", host: address, port: String(port), ...times, "thr-tcp-conn-time": tcpConnTime(probe.timeoutMs, version) };
  }
  if (probe.type === "http") {
    if (version === "6") return undefined;
    const { expectStatus } = poolProbeSettings(probe);
    return { type: "http-get", host: address, port: String(port), ...times, "http-codes": String(expectStatus), "thr-http-time": times.timeout };
  }
  return version === "7" ? { type: "simple", host: address, ...times } : { host: address, ...times };
}
