import "server-only";
import { Counter, Gauge, type Registry } from "prom-client";
import type { MemberLive, SiteLive } from "@/lib/domain/site/live";
import type { AnycastEdgeReading, MemberReading } from "@/lib/domain/site/member-reading";

// Sites in the Prometheus exposition, beside the devices' series (./exposition.ts): per member whether it is read
// and serving, a shared-VIP node's buckets, packets and peers, an anycast server's announcement, BGP and BFD
// sessions as BIRD reports them, and at the edge the ECMP next hops and what it forwarded to each server. Counters
// are the members' own cumulative nftables counters (Prometheus's rate() handles a push replacing them).

export type MetricsSite = { id: string; name: string };

const EXACT = "The member's 64-bit cumulative counter; exact up to 2^53, rounded to the nearest float above.";

function siteMetricSet(registry: Registry) {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help: `${help} ${EXACT}`, labelNames, registers: [registry] });
  const member = ["site", "device"] as const;
  return {
    memberUp: gauge("waymark_site_member_up", "1 when the last poll of the site member succeeded, else 0.", [...member, "role"]),
    bucketsOwned: gauge("waymark_vip_buckets_owned", "Hash buckets of the shared virtual IP this node answers now.", member),
    nodePackets: counter("waymark_vip_node_packets_total", "Packets to the shared virtual IP this node answered (its buckets) or ignored (its peers').", [
      ...member,
      "direction",
    ]),
    peerAlive: gauge("waymark_vip_peer_alive", "1 when this node hears the peer's heartbeat, else 0.", [...member, "peer"]),
    openConnections: gauge("waymark_site_member_open_connections", "Connections to the site's address the member tracks now.", member),
    announced: gauge("waymark_anycast_announced", "1 when the server exports the anycast route to the edge, else 0.", member),
    bgpEstablished: gauge("waymark_bgp_session_established", "1 when BIRD reports the BGP session Established, else 0.", [...member, "protocol", "peer"]),
    bfdUp: gauge("waymark_bfd_session_up", "1 when BIRD reports the BFD session Up, else 0.", [...member, "peer"]),
    nexthops: gauge("waymark_anycast_nexthops", "ECMP next hops the edge router installed for the anycast address.", ["site"]),
    forwardedPackets: counter("waymark_anycast_forwarded_packets_total", "Packets the edge router forwarded to the server for the anycast address.", [
      "site",
      "server",
    ]),
    servedPackets: counter("waymark_anycast_served_packets_total", "Packets for the anycast address that arrived at the server.", member),
  };
}

type SiteMetrics = ReturnType<typeof siteMetricSet>;

function count<L extends string>(counter: Counter<L>, labels: Record<L, string>, value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  counter.inc(labels, Number(value));
}

function sessionMetrics(m: SiteMetrics, labels: { site: string; device: string }, reading: Exclude<MemberReading, { role: "vip-node" }>): void {
  for (const s of reading.sessions) m.bgpEstablished.set({ ...labels, protocol: s.protocol, peer: s.peer ?? "" }, s.established ? 1 : 0);
  for (const b of reading.bfd) m.bfdUp.set({ ...labels, peer: b.peer }, b.state === "Up" ? 1 : 0);
}

function edgeMetrics(m: SiteMetrics, site: string, members: readonly MemberLive[], reading: AnycastEdgeReading): void {
  m.nexthops.set({ site }, reading.nexthops.length);
  const names = new Map(members.map((x) => [x.device, x.deviceName]));
  for (const hop of reading.nexthops) {
    const server = hop.device ? (names.get(hop.device) ?? hop.device) : hop.via;
    count(m.forwardedPackets, { site, server }, hop.forwarded?.packets);
  }
}

function memberMetrics(m: SiteMetrics, live: SiteLive, member: MemberLive): void {
  const labels = { site: live.name, device: member.deviceName };
  m.memberUp.set({ ...labels, role: member.role }, member.status === "ok" ? 1 : 0);
  const r = member.reading;
  // A member that failed keeps its last reading for the page; the series say only what the last poll read.
  if (!r || member.status !== "ok") return;
  if (r.role === "vip-node") {
    m.bucketsOwned.set(labels, r.bucketsOwned.length);
    count(m.nodePackets, { ...labels, direction: "answered" }, r.answered?.packets);
    count(m.nodePackets, { ...labels, direction: "ignored" }, r.ignored?.packets);
    for (const peer of r.peers) m.peerAlive.set({ ...labels, peer: peer.address }, peer.alive ? 1 : 0);
    if (r.openConnections !== null) m.openConnections.set(labels, r.openConnections);
    return;
  }
  sessionMetrics(m, labels, r);
  if (r.role === "anycast-server") {
    m.announced.set(labels, r.announced ? 1 : 0);
    count(m.servedPackets, labels, r.served?.packets);
    if (r.openConnections !== null) m.openConnections.set(labels, r.openConnections);
  } else edgeMetrics(m, live.name, live.members, r);
}

/** Registers every site's series in the scrape's registry, from what the live bus knows of each site. */
export function siteExposition(registry: Registry, sites: readonly MetricsSite[], latest: (siteId: string) => SiteLive | null): void {
  const m = siteMetricSet(registry);
  for (const site of sites) {
    const live = latest(site.id);
    if (!live) continue;
    // The inventory's name, in case the site was renamed since its last poll.
    const named = { ...live, name: site.name };
    for (const member of live.members) memberMetrics(m, named, member);
  }
}
