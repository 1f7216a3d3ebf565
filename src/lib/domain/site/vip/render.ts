import type { ServiceCheck, SharedVipSite, VipNode } from "../intent";
import { VIP_HASH_SEED, vipPaths, vipTableName } from "./layout";

// The two files a node is given, rendered whole so the preview shows exactly what is applied. Every value in them
// passed a strict grammar first (the site name, IPv4 addresses, a Linux interface name, numbers).

const HASH_KEYS: Record<SharedVipSite["hash"], string> = {
  source: "ip saddr",
  "source-port": "ip saddr . th sport",
  "source-port-dest-port": "ip saddr . th sport . th dport",
};

/**
 * The node's nft file: one transaction that replaces its own `ip` table (the buckets it keeps) and `arp` table
 * (its ARP replies for the VIP carry the shared multicast MAC, so the segment sends every client's frames to every
 * node). Priority raw: a packet of another node's bucket is dropped before conntrack sees it, so it costs no
 * conntrack entry; `meta pkttype set host` because a frame to a multicast MAC is otherwise dropped by TCP/UDP
 * (CLUSTERIP set PACKET_HOST itself; linux-gateway.md §2.2). The set `owned` starts empty: the heartbeat daemon
 * fills it once it has heard its peers (a node never claims buckets before it knows who is alive).
 */
export function tableFile(site: string, intent: SharedVipSite, node: VipNode, multicastMac: string): string {
  const table = vipTableName(site);
  const match = `iifname "${node.interface}" ip daddr ${intent.vip}`;
  const bucket = `jhash ${HASH_KEYS[intent.hash]} mod ${intent.buckets} seed 0x${VIP_HASH_SEED.toString(16)}`;
  return [
    `# Waymark shared virtual IP ${intent.vip} (site ${site}), node ${node.nodeId}: replaced whole in one transaction.`,
    `table ip ${table}`,
    `delete table ip ${table}`,
    `table ip ${table} {`,
    "  counter answered {}",
    "  counter ignored {}",
    "  set owned {",
    `    typeof numgen inc mod ${intent.buckets}`,
    "  }",
    "  chain prerouting {",
    "    type filter hook prerouting priority raw; policy accept;",
    `    ${match} ${bucket} @owned meta pkttype set host counter name "answered" accept`,
    `    ${match} counter name "ignored" drop`,
    "  }",
    "}",
    `table arp ${table}`,
    `delete table arp ${table}`,
    `table arp ${table} {`,
    "  chain output {",
    "    type filter hook output priority filter; policy accept;",
    `    arp saddr ip ${intent.vip} arp saddr ether set ${multicastMac}`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/** The heartbeat daemon's configuration: one `key value…` line each, read by vip-heartbeat.pl's strict parser. */
export function heartbeatConfig(site: string, intent: SharedVipSite, node: VipNode): string {
  const paths = vipPaths(site);
  const hb = intent.heartbeat;
  return [
    `# Waymark shared virtual IP ${intent.vip} (site ${site}): heartbeat of node ${node.nodeId}.`,
    `site ${site}`,
    `node ${node.nodeId}`,
    `interface ${node.interface}`,
    `table ${vipTableName(site)}`,
    `buckets ${intent.buckets}`,
    `port ${hb.port}`,
    `interval_ms ${hb.intervalMs}`,
    `dead_after ${hb.deadAfter}`,
    `state ${paths.state}`,
    ...[...intent.members].sort((a, b) => a.nodeId - b.nodeId).map((m) => `peer ${m.nodeId} ${m.address}`),
    checkLine(intent.check),
    "",
  ].join("\n");
}

function checkLine(check: ServiceCheck | undefined): string {
  if (!check) return "check none";
  const { type, port, path, expectStatus, intervalMs, timeoutMs, downCount, upCount } = check;
  return `check ${type} ${port} ${path} ${expectStatus} ${intervalMs} ${timeoutMs} ${downCount} ${upCount}`;
}
