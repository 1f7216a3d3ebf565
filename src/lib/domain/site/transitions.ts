import type { SiteLive } from "./live";
import type { MemberPlan } from "./member-plan";

// What changed in a site between two updates, per member device, in the engineer's words: a shared-VIP node
// becoming dead or alive (as its peers hear it), an anycast server's route announced or withdrawn, a BGP session
// going up or down. The monitor stores each as a StateEvent on the member's device (subject "node", "route",
// "bgp"; name the site, or "<site>/<protocol>" for a session), beside its links' and backends' timeline. As for
// devices, a state first seen (at start, a new member) is not news: only changes between two known states are.

export type SiteTransition = {
  device: string;
  subject: "node" | "route" | "bgp";
  name: string;
  state: string;
  previous: string;
  atMs: number;
  detail: string;
};

export type SiteStates = Map<string, { device: string; subject: SiteTransition["subject"]; name: string; state: string; detail: string }>;

/** A node is alive while a peer that was read hears it; with no peer read, as it counts itself. */
function nodeStates(site: SiteLive, plans: ReadonlyMap<string, MemberPlan>, into: SiteStates): void {
  const read = site.members.flatMap((m) => (m.status === "ok" && m.reading?.role === "vip-node" ? [{ device: m.device, reading: m.reading }] : []));
  for (const member of site.members) {
    const plan = plans.get(member.device);
    if (plan?.role !== "vip-node") continue;
    const peers = read.filter((r) => r.device !== member.device);
    const self = read.find((r) => r.device === member.device);
    let alive: boolean;
    let detail: string;
    if (peers.length > 0) {
      const hearing = peers.filter((p) => p.reading.aliveNodes.includes(plan.nodeId));
      alive = hearing.length > 0;
      detail = alive ? `heard by ${hearing.length} of ${peers.length} peers` : `heard by none of ${peers.length} peers`;
    } else if (self) {
      alive = self.reading.aliveNodes.includes(plan.nodeId);
      detail = self.reading.check && !self.reading.check.passing ? `check fails: ${self.reading.check.detail}` : "as the node itself says";
    } else continue;
    into.set(`${member.device}|node`, { device: member.device, subject: "node", name: site.name, state: alive ? "alive" : "dead", detail });
  }
}

function routeAndSessionStates(site: SiteLive, into: SiteStates): void {
  for (const member of site.members) {
    const r = member.status === "ok" ? member.reading : null;
    if (!r || r.role === "vip-node") continue;
    if (r.role === "anycast-server") {
      const detail = r.check.passing ? (r.announced ? "check passes" : "check passes, route not exported") : `check fails: ${r.check.detail}`;
      into.set(`${member.device}|route`, { device: member.device, subject: "route", name: site.name, state: r.announced ? "announced" : "withdrawn", detail });
    }
    for (const s of r.sessions) {
      const name = `${site.name}/${s.protocol}`;
      const detail = [s.peer ? `peer ${s.peer}` : "", s.state, s.info].filter(Boolean).join(", ");
      into.set(`${member.device}|bgp|${s.protocol}`, { device: member.device, subject: "bgp", name, state: s.established ? "up" : "down", detail });
    }
  }
}

/** What each member's node, route and sessions are now, keyed by member and subject. */
export function siteStates(site: SiteLive, plans: ReadonlyMap<string, MemberPlan>): SiteStates {
  const found: SiteStates = new Map();
  nodeStates(site, plans, found);
  routeAndSessionStates(site, found);
  return found;
}

/**
 * The changes from the last known states to this update, and the states known after it. A member that could not
 * be read keeps its last known states, so a server that comes back withdrawn after an outage is still news.
 */
export function siteTransitions(
  known: SiteStates,
  current: SiteLive,
  plans: ReadonlyMap<string, MemberPlan>,
): { changes: SiteTransition[]; known: SiteStates } {
  const now = siteStates(current, plans);
  const changes: SiteTransition[] = [];
  for (const [key, state] of now) {
    const was = known.get(key);
    if (was && was.state !== state.state) changes.push({ ...state, previous: was.state, atMs: current.atMs });
  }
  const members = new Set(current.members.map((m) => m.device));
  const kept = [...known].filter(([key, state]) => !now.has(key) && members.has(state.device));
  return { changes, known: new Map([...kept, ...now]) };
}
