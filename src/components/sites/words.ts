import type { SiteIntentInput, SitePushView, SiteView } from "@/lib/domain/site";

// Sites in the network engineer's words: kinds, roles, hashes, detection times and push outcomes. Pure, so the list,
// the form, the site page and their tests agree.

export type SiteKind = SiteView["kind"];
export type MemberRole = SiteView["members"][number]["role"];

export const KIND_WORDS: Record<SiteKind, string> = { "shared-vip": "Shared virtual IP", anycast: "BGP anycast" };

export const KIND_EXPLAINED: Record<SiteKind, string> = {
  "shared-vip":
    "A group of Linux servers answers one virtual IP without a balancer in front. Every node receives every packet and keeps only the hash buckets it owns; when a node stops sending heartbeats its peers take over its buckets, and a surviving node's buckets never move.",
  anycast:
    "Servers running BIRD announce one service address over BGP with BFD while their health check passes; an edge router spreads flows across them by ECMP. Standby servers take traffic only when no preferred one is left.",
};

export const ROLE_WORDS: Record<MemberRole, string> = { "vip-node": "node", "anycast-server": "server", "anycast-edge": "edge router" };

export type VipHash = "source" | "source-port" | "source-port-dest-port";

export const HASH_WORDS: Record<VipHash, { label: string; explained: string }> = {
  source: {
    label: "Source address",
    explained: "Every connection from one client goes to the same node: sessions stay put, but a few big clients can load one node.",
  },
  "source-port": {
    label: "Source address and port",
    explained: "Each connection is placed on its own: an even spread, but one client's connections land on different nodes.",
  },
  "source-port-dest-port": {
    label: "Source address, port and destination port",
    explained: "As source and port, and a client's connections to different services of the VIP are spread too.",
  },
};

/** "300 ms", "1.5 s", "9 s". */
export function msWords(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

const num = (value: unknown, fallback: number) => (typeof value === "number" && Number.isFinite(value) ? value : fallback);

/** How long a dead node goes unnoticed: its peers take its buckets after `deadAfter` heartbeats unheard. */
export function heartbeatDetection(heartbeat: { intervalMs?: number; deadAfter?: number } | undefined): string {
  const interval = num(heartbeat?.intervalMs, 100);
  const after = num(heartbeat?.deadAfter, 3);
  return `A node that stops is noticed after about ${msWords(interval * after)} (${after} heartbeats of ${msWords(interval)} unheard); its buckets are answered by its peers from then on.`;
}

/** How long a failing service check takes to take the member out (and to bring it back). */
export function checkDetection(check: { intervalMs?: number; downCount?: number; upCount?: number } | undefined): string {
  const interval = num(check?.intervalMs, 500);
  const down = num(check?.downCount, 2);
  const up = num(check?.upCount, 2);
  return `A failing service is taken out after ${down} failed checks (about ${msWords(interval * down)}) and back after ${up} good ones (about ${msWords(interval * up)}).`;
}

/** BFD notices a dead link after interval × multiplier; without BFD, BGP waits for its hold time. */
export function bfdDetection(bfd: { intervalMs?: number; multiplier?: number } | undefined, holdTimeSec: number | undefined): string {
  const interval = num(bfd?.intervalMs, 100);
  const multiplier = num(bfd?.multiplier, 3);
  const hold = num(holdTimeSec, 9);
  return `BFD notices a dead server or link after ${msWords(interval * multiplier)} (${multiplier} × ${msWords(interval)}); without BFD the edge would wait for the BGP hold time, ${msWords(hold * 1000)}.`;
}

/** 16-bit private AS numbers (RFC 6996), the ones to suggest for servers. */
export const PRIVATE_ASN = { first: 64512, last: 65534 } as const;

/** The first private AS number from 65001 not taken by another member. */
export function suggestAsn(taken: readonly (number | undefined)[]): number {
  for (let asn = 65001; asn <= PRIVATE_ASN.last; asn++) if (!taken.includes(asn)) return asn;
  return PRIVATE_ASN.first;
}

/** The lowest node number 1–32 no other node has. */
export function nextNodeId(taken: readonly (number | undefined)[]): number {
  for (let id = 1; id <= 32; id++) if (!taken.includes(id)) return id;
  return 32;
}

export const isPrivateAsn = (asn: number) => (asn >= PRIVATE_ASN.first && asn <= PRIVATE_ASN.last) || (asn >= 4_200_000_000 && asn <= 4_294_967_294);

export type PushStatus = SitePushView["status"];

export const PUSH_STATUS_WORDS: Record<PushStatus, string> = {
  running: "running",
  confirmed: "confirmed",
  unchanged: "unchanged (nothing to change)",
  partial: "partly confirmed",
  rolled_back: "rolled back",
  failed: "failed",
  refused: "refused",
};

export const PUSH_STATUS_CLASS: Record<PushStatus, string> = {
  running: "text-sky-700",
  confirmed: "text-emerald-700",
  unchanged: "text-emerald-700",
  partial: "text-amber-800",
  rolled_back: "text-rose-700",
  failed: "text-rose-700",
  refused: "text-rose-700",
};

export type MemberPushStatus = SitePushView["members"][number]["status"];

export const MEMBER_STATUS_WORDS: Record<MemberPushStatus, string> = {
  running: "pushing…",
  confirmed: "confirmed",
  unchanged: "unchanged",
  rolled_back: "rolled back",
  failed: "failed",
  refused: "refused",
};

/** The last push in a few words: "confirmed on 2026-… by alice" is the page's; the list says just the outcome. */
export function lastPushWords(push: SitePushView | null): string {
  if (!push) return "never pushed";
  if (push.status === "running") return "a push is running";
  return push.detail || PUSH_STATUS_WORDS[push.status];
}

/** A member's stable name in the intent, for messages ("node 2", "edge"). */
export function memberLabel(member: SiteIntentInput["members"][number], deviceName: string): string {
  if (member.role === "vip-node") return `${deviceName} (node ${member.nodeId ?? "?"})`;
  return `${deviceName} (${ROLE_WORDS[member.role]})`;
}
