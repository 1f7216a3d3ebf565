import type { MemberLive, SharedVipSite, VipNodeReading } from "@/lib/domain/site";

// The shared VIP's live picture from each node's own reading: who is alive, who hears whom, and which node answers
// each bucket. Pure, for the site page and its tests.

export type VipNode = { device: string; deviceName: string; nodeId: number; member: MemberLive | null; reading: VipNodeReading | null };

export function vipNodes(intent: Pick<SharedVipSite, "members">, members: readonly MemberLive[], names: Record<string, string>): VipNode[] {
  return intent.members.map((m) => {
    const member = members.find((x) => x.device === m.device) ?? null;
    const reading = member?.status === "ok" && member.reading?.role === "vip-node" ? member.reading : null;
    return { device: m.device, deviceName: member?.deviceName ?? names[m.device] ?? m.device, nodeId: m.nodeId, member, reading };
  });
}

/** How many of the other read nodes count this node alive, of how many were read. */
export function heardBy(node: VipNode, nodes: readonly VipNode[]): { heard: number; of: number; deaf: string[] } {
  const others = nodes.filter((n) => n !== node && n.reading);
  const deaf = others.filter((n) => !n.reading?.aliveNodes.includes(node.nodeId)).map((n) => n.deviceName);
  return { heard: others.length - deaf.length, of: others.length, deaf };
}

export type NodeState = { word: string; tone: "ok" | "wait" | "bad"; detail: string };

export function nodeState(node: VipNode, nodes: readonly VipNode[]): NodeState {
  if (!node.member || node.member.status === "not_pushed") return { word: "not pushed", tone: "wait", detail: "the site's plan is not on this device yet" };
  if (!node.reading) return { word: "not read", tone: "bad", detail: node.member.problem ?? node.member.status.replace(/_/g, " ") };
  if (!node.reading.watcher.running) return { word: "dead", tone: "bad", detail: `the heartbeat daemon is not running: ${node.reading.watcher.detail}` };
  if (node.reading.check && !node.reading.check.passing) return { word: "dead", tone: "bad", detail: `its service check fails: ${node.reading.check.detail}` };
  const { heard, of, deaf } = heardBy(node, nodes);
  if (of > 0 && heard === 0) return { word: "dead", tone: "bad", detail: "no peer hears its heartbeat" };
  if (deaf.length > 0) return { word: "alive", tone: "wait", detail: `not heard by ${deaf.join(", ")}` };
  return { word: "alive", tone: "ok", detail: of > 0 ? `heard by ${heard === 1 ? "its peer" : `all ${heard} peers`}` : "" };
}

/** Per bucket, the node numbers that say they own it (from every node read); one owner is the healthy case. */
export function bucketOwners(buckets: number, nodes: readonly VipNode[]): number[][] {
  const owners: number[][] = Array.from({ length: buckets }, () => []);
  for (const node of nodes) for (const b of node.reading?.bucketsOwned ?? []) if (b >= 0 && b < buckets) owners[b]?.push(node.nodeId);
  return owners;
}

/** The strip's text equivalent: "web-1: 22 buckets", then the buckets nobody or several nodes answer. */
export function bucketWords(owners: readonly number[][], nodes: readonly VipNode[]): string[] {
  const lines = nodes.map((n) => {
    const count = owners.filter((o) => o.length === 1 && o[0] === n.nodeId).length;
    return `${n.deviceName}: ${count} bucket${count === 1 ? "" : "s"}`;
  });
  const unread = nodes.filter((n) => !n.reading).length;
  const nobody = owners.filter((o) => o.length === 0).length;
  const several = owners.filter((o) => o.length > 1).length;
  if (nobody > 0) lines.push(unread > 0 ? `${nobody} not known (a node was not read)` : `${nobody} answered by nobody`);
  if (several > 0) lines.push(`${several} claimed by more than one node`);
  return lines;
}
