import type { AnycastServer, AnycastSite } from "../intent";
import { anycastNames } from "./layout";

// The files beside BIRD's: the health daemon's configuration (server), the nftables counters table (both roles)
// and the edge's sysctl. Each value is a number, an address or a name from layout.ts; the daemon reads the
// configuration with strict patterns of its own (assets/anycast-health.pl).

export function healthConfig(siteName: string, site: AnycastSite, server: AnycastServer): string {
  const n = anycastNames(siteName);
  const c = site.check;
  return [
    `# Waymark: the health check of anycast site ${siteName} on this server. While it fails, the protocol below`,
    "# is disabled in BIRD, which withdraws the service route from the edge; it is enabled again once it passes.",
    `site=${siteName}`,
    `address=${site.address}`,
    `check=${c.type}`,
    `port=${c.port}`,
    `path=${c.path}`,
    `expect_status=${c.expectStatus}`,
    `interval_ms=${c.intervalMs}`,
    `timeout_ms=${c.timeoutMs}`,
    `down_count=${c.downCount}`,
    `up_count=${c.upCount}`,
    `birdc_socket=${server.bird.controlSocket}`,
    `protocol=${n.service}`,
    `state_file=${n.healthState}`,
    `pid_file=${n.healthPid}`,
    "",
  ].join("\n");
}

/** Server: packets that arrived for the service address (the read's "served"). */
export function serverCounters(siteName: string, site: AnycastSite): string {
  const n = anycastNames(siteName);
  return nftTable(
    n.nftTable,
    [`counter served { comment "packets to ${site.address} received here" }`],
    ["chain input {", "  type filter hook input priority -150; policy accept;", `  ip daddr ${site.address} counter name "served"`, "}"],
  );
}

/** Edge: packets forwarded to the service address, per next hop the route chose (one counter per server's protocol). */
export function edgeCounters(siteName: string, site: AnycastSite, peers: readonly { protocol: string; address: string }[]): string {
  const n = anycastNames(siteName);
  return nftTable(
    n.nftTable,
    peers.map((p) => `counter ${p.protocol} { comment "forwarded to ${p.address}" }`),
    [
      "chain forward {",
      "  type filter hook forward priority -150; policy accept;",
      ...peers.map((p) => `  ip daddr ${site.address} rt ip nexthop ${p.address} counter name "${p.protocol}"`),
      "}",
    ],
  );
}

/** Create-if-missing, delete, re-create: one nft -f transaction that replaces the table whatever was there. */
function nftTable(name: string, counters: string[], chains: string[]): string {
  return [
    `table inet ${name}`,
    `delete table inet ${name}`,
    `table inet ${name} {`,
    ...counters.map((l) => `  ${l}`),
    ...chains.map((l) => `  ${l}`),
    "}",
    "",
  ].join("\n");
}

/** Edge: ECMP hashes by addresses and ports (layer 4), so one host's connections spread and each stays on one server. */
export const EDGE_SYSCTLS = [{ key: "net.ipv4.fib_multipath_hash_policy", value: "1" }] as const;

export function edgeSysctls(siteName: string): string {
  return [`# Waymark: anycast site ${siteName}, the edge's kernel settings.`, ...EDGE_SYSCTLS.map((s) => `${s.key} = ${s.value}`), ""].join("\n");
}
