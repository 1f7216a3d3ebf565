import type { Intent, Link } from "../../intent";
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

/** The netwatch properties that say how a link is probed (scripts and comment come separately). */
export function linkProbeProperties({ link, target, kind }: LinkProbe, version: RouterOsVersion): Record<string, string> {
  const { intervalMs, timeoutMs, downCount, port } = link.probe;
  const timing = { interval: duration(intervalMs), timeout: duration(timeoutMs) };
  if (kind === "tcp-conn") return { type: "tcp-conn", host: target, port: String(port), ...timing, "thr-tcp-conn-time": duration(timeoutMs) };
  if (kind === "simple") return version === "7" ? { type: "simple", host: target, ...timing } : { host: target, ...timing };
  return {
    type: "icmp",
    host: target,
    // One test is the whole burst, so tests follow each other without a gap.
    interval: duration(intervalMs * downCount),
    // [UNVERIFIED] that an icmp test's timeout bounds each ping's answer rather than the whole burst.
    timeout: duration(timeoutMs),
    "packet-count": String(downCount),
    "packet-interval": duration(intervalMs),
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

/** Backend probes: icmp as a simple probe (pools have no down count), tcp as tcp-conn on v7 only. */
export function backendProbeProperties(
  probe: { type: "icmp" | "tcp"; intervalMs: number; timeoutMs: number },
  address: string,
  port: number,
  version: RouterOsVersion,
): Record<string, string> | undefined {
  const timing = { interval: duration(probe.intervalMs), timeout: duration(probe.timeoutMs) };
  if (probe.type === "tcp") {
    if (version === "6") return undefined;
    return { type: "tcp-conn", host: address, port: String(port), ...timing, "thr-tcp-conn-time": duration(probe.timeoutMs) };
  }
  return version === "7" ? { type: "simple", host: address, ...timing } : { host: address, ...timing };
}
