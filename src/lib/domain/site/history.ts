import type { SeriesBlock, SeriesColumn } from "../monitor/history/series";
import type { MemberLive, SiteLive } from "./live";
import { forwardedKey } from "./member-rates";

// A site's history in the device history's column form (domain/monitor/history), so the same codec, compaction,
// rollups and retention keep it: per member (subject "member", name = device id) its state, traffic rate, open
// connections, buckets owned (VIP node), BGP sessions up, next hops (edge); per next hop at the edge (subject
// "nexthop", name = server device id, or its address when it is not a member) what the edge forwarded to it.

/** A member's state code; 1 is "up" as for links, so rollups keep the fraction of time up. */
export const MEMBER_STATE_CODES = { up: 1, down: 2, unreachable: 3, not_pushed: 4 } as const;
export type MemberState = keyof typeof MEMBER_STATE_CODES;
export const MEMBER_STATES = Object.fromEntries(Object.entries(MEMBER_STATE_CODES).map(([word, code]) => [code, word])) as Record<number, MemberState>;

/**
 * up: a node's heartbeat daemon runs, its check passes and its peers hear it (`heard`: false when none of the
 * peers read counts it alive, from domain/site/transitions.ts), a server announces, the edge has a next hop for the service; down: read, but
 * not serving; unreachable: the poll failed; not_pushed: nothing confirmed on it.
 */
export function memberState(member: MemberLive, heard = true): MemberState {
  if (member.status === "not_pushed") return "not_pushed";
  if (member.status !== "ok" || !member.reading) return "unreachable";
  const r = member.reading;
  if (r.role === "vip-node") return heard && r.watcher.running && (r.check?.passing ?? true) ? "up" : "down";
  if (r.role === "anycast-server") return r.announced ? "up" : "down";
  return r.nexthops.length > 0 ? "up" : "down";
}

const col = (subject: SeriesColumn["subject"], name: string, metric: string, value: number | null): SeriesColumn => ({
  subject,
  name,
  metric,
  values: [value],
});

function memberColumns(m: MemberLive, heard: boolean): SeriesColumn[] {
  const r = m.status === "ok" ? m.reading : null;
  const own = m.rates.answered ?? m.rates.served;
  const columns = [col("member", m.device, "state", MEMBER_STATE_CODES[memberState(m, heard)])];
  if (!r) return columns;
  columns.push(col("member", m.device, "packetsPerSecond", own?.packetsPerSec ?? null), col("member", m.device, "bitsPerSecond", own?.bitsPerSec ?? null));
  if (r.role === "vip-node") {
    columns.push(
      col("member", m.device, "ignoredPacketsPerSecond", m.rates.ignored?.packetsPerSec ?? null),
      col("member", m.device, "openConnections", r.openConnections),
      col("member", m.device, "bucketsOwned", r.bucketsOwned.length),
    );
  } else if (r.role === "anycast-server") {
    columns.push(col("member", m.device, "openConnections", r.openConnections));
  } else {
    columns.push(col("member", m.device, "nexthops", r.nexthops.length));
  }
  if (r.role !== "vip-node") columns.push(col("member", m.device, "sessionsUp", r.sessions.filter((s) => s.established).length));
  return columns;
}

function nexthopColumns(m: MemberLive): SeriesColumn[] {
  if (m.status !== "ok" || m.reading?.role !== "anycast-edge") return [];
  return m.reading.nexthops.flatMap((h) => {
    const server = h.device ?? h.via;
    const rate = m.rates[forwardedKey(server)];
    return [col("nexthop", server, "packetsPerSecond", rate?.packetsPerSec ?? null), col("nexthop", server, "bitsPerSecond", rate?.bitsPerSec ?? null)];
  });
}

/** One poll of a site as a one-point block; null when no member was read. `dead`: nodes their peers do not hear. */
export function siteSampleFromLive(site: SiteLive, dead: ReadonlySet<string> = new Set()): SeriesBlock | null {
  if (!site.members.some((m) => m.status === "ok" && m.reading)) return null;
  return { times: [Math.round(site.atMs)], columns: site.members.flatMap((m) => [...memberColumns(m, !dead.has(m.device)), ...nexthopColumns(m)]) };
}
