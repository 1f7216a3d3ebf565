import type { MemberLive } from "./live";
import type { MemberPlan } from "./member-plan";
import type { AnycastEdgeReading, AnycastServerReading, VipNodeReading } from "./member-reading";

// A site in a few sentences, worst first, for the site's page, its live stream and the fleet: what an engineer
// would say looking at every member at once. A member that cannot be read comes first (nothing else about it is
// current), then what takes traffic away (a node its peers do not hear, buckets nobody answers, a withdrawn
// route, a BGP or BFD session down), then what is merely wrong (drift, a daemon gone), and last the good news.

export type SummaryMember = { live: MemberLive; plan: MemberPlan | null };

type Line = { severity: number; text: string };

const list = (names: readonly string[]): string => (names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Bucket numbers as ranges: "0–3, 7, 9–10". */
export function bucketRanges(buckets: readonly number[]): string {
  const sorted = [...new Set(buckets)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j;
  }
  return parts.join(", ");
}

const bucketWords = (buckets: readonly number[]): string => (buckets.length === 1 ? `bucket ${buckets[0]} is` : `buckets ${bucketRanges(buckets)} are`);

function pollLines(members: readonly SummaryMember[]): Line[] {
  return members.flatMap(({ live }) => {
    if (live.status === "ok") return [];
    if (live.status === "not_pushed") return [{ severity: 4, text: `${live.deviceName} has no confirmed push of this site yet` }];
    if (live.status === "paused") return [{ severity: 4, text: `${live.deviceName} is not watched: monitoring is turned off for the device` }];
    return [{ severity: 0, text: `${live.deviceName} cannot be read: ${live.problem ?? live.status}` }];
  });
}

function commonLines(members: readonly SummaryMember[]): Line[] {
  return members.flatMap(({ live }) => {
    const r = live.status === "ok" ? live.reading : null;
    if (!r) return [];
    const lines: Line[] = [];
    if (!r.watcher.running) lines.push({ severity: 2, text: `${live.deviceName}: ${r.watcher.detail || "its daemon is not running"}` });
    if (r.drift.drifted)
      lines.push({ severity: 3, text: `${live.deviceName} drifted from its plan: ${r.drift.entries.join("; ") || "changed on the device"}` });
    return lines;
  });
}

type VipMember = { live: MemberLive; reading: VipNodeReading | null; plan: Extract<MemberPlan, { role: "vip-node" }> | null };

function vipLines(members: readonly SummaryMember[]): Line[] {
  const nodes: VipMember[] = members
    .filter((m) => m.live.role === "vip-node")
    .map((m) => ({
      live: m.live,
      reading: m.live.status === "ok" && m.live.reading?.role === "vip-node" ? m.live.reading : null,
      plan: m.plan?.role === "vip-node" ? m.plan : null,
    }));
  const read = nodes.filter((n): n is VipMember & { reading: VipNodeReading } => n.reading !== null);
  const lines: Line[] = [];
  for (const node of nodes) {
    const id = node.plan?.nodeId;
    if (id === undefined) continue;
    const deaf = read.filter((other) => other !== node && !other.reading.aliveNodes.includes(id)).map((o) => o.live.deviceName);
    if (deaf.length === 0) continue;
    const owned = node.plan?.ownedWhenAllAlive.length ?? 0;
    const moved = deaf.length === read.filter((o) => o !== node).length ? `: its ${plural(owned, "bucket")} moved` : "";
    lines.push({ severity: 1, text: `node ${node.live.deviceName} is not heard by ${list(deaf)}${moved}` });
  }
  for (const node of read) {
    if (node.reading.check && !node.reading.check.passing)
      lines.push({ severity: 1, text: `${node.live.deviceName}'s service check fails: ${node.reading.check.detail}` });
  }
  const total = nodes.find((n) => n.plan)?.plan?.buckets;
  if (total !== undefined && read.length > 0) {
    const owners = new Map<number, number>();
    for (const n of read) for (const b of n.reading.bucketsOwned) owners.set(b, (owners.get(b) ?? 0) + 1);
    const twice = [...owners].filter(([, count]) => count > 1).map(([b]) => b);
    if (twice.length > 0) lines.push({ severity: 1, text: `${bucketWords(twice)} answered by more than one node` });
    // Buckets only the unread nodes may hold cannot be judged: say nothing of them unless every node was read.
    const missing = Array.from({ length: total }, (_, b) => b).filter((b) => !owners.has(b));
    if (missing.length > 0 && read.length === nodes.length) lines.push({ severity: 1, text: `${bucketWords(missing)} answered by no node` });
    if (lines.length === 0 && read.length === nodes.length) {
      const vip = nodes[0]?.plan?.vip;
      lines.push({ severity: 5, text: `${plural(read.length, "node")} answer ${vip ?? "the virtual IP"}, all ${total} buckets covered once` });
    }
  }
  return lines;
}

function anycastLines(members: readonly SummaryMember[]): Line[] {
  const lines: Line[] = [];
  const servers = members.filter((m) => m.live.role === "anycast-server");
  const service = members.map((m) => (m.plan && m.plan.role !== "vip-node" ? m.plan.address : null)).find((a) => a !== null) ?? "the service address";
  for (const { live } of servers) {
    const r = live.status === "ok" && live.reading?.role === "anycast-server" ? (live.reading as AnycastServerReading) : null;
    if (!r) continue;
    if (!r.check.passing) lines.push({ severity: 1, text: `server ${live.deviceName} withdrew ${service}: its check fails (${r.check.detail})` });
    else if (!r.announced) lines.push({ severity: 1, text: `server ${live.deviceName} does not announce ${service}` });
    for (const s of r.sessions.filter((x) => !x.established))
      lines.push({ severity: 1, text: `${live.deviceName}: BGP ${s.protocol} is ${s.state}${s.info ? ` (${s.info})` : ""}` });
  }
  const edge = members.find((m) => m.live.role === "anycast-edge");
  const edgeReading = edge?.live.status === "ok" && edge.live.reading?.role === "anycast-edge" ? (edge.live.reading as AnycastEdgeReading) : null;
  if (edge && edgeReading) {
    const name = edge.live.deviceName;
    for (const s of edgeReading.sessions.filter((x) => !x.established))
      lines.push({ severity: 1, text: `${name}: BGP session ${s.protocol}${s.peer ? ` with ${s.peer}` : ""} is ${s.state}${s.info ? ` (${s.info})` : ""}` });
    for (const b of edgeReading.bfd.filter((x) => x.state !== "Up")) lines.push({ severity: 1, text: `${name}: BFD with ${b.peer} is ${b.state}` });
    const hops = edgeReading.nexthops.length;
    if (hops === 0) lines.push({ severity: 1, text: `${name} has no route to ${service}: every server withdrew it` });
    else {
      const standby = edgeReading.standby.length > 0 ? `; ${plural(edgeReading.standby.length, "standby server")} held back` : "";
      const severity = hops < servers.length - edgeReading.standby.length ? 2 : 5;
      lines.push({ severity, text: `${name} spreads ${service} over ${hops} of ${plural(servers.length, "server")}${standby}` });
    }
  }
  return lines;
}

/** The site's summary lines, worst first; equal severities keep the members' order. */
export function siteSummary(kind: "shared-vip" | "anycast", members: readonly SummaryMember[]): string[] {
  const lines = [...pollLines(members), ...(kind === "shared-vip" ? vipLines(members) : anycastLines(members)), ...commonLines(members)];
  return lines
    .map((line, index) => ({ ...line, index }))
    .sort((a, b) => a.severity - b.severity || a.index - b.index)
    .map((l) => l.text);
}
