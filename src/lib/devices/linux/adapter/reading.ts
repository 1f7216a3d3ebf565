// A gateway's read-back (GatewayState: the monitor's verdicts, Waymark's nft counters, conntrack counts and the
// table's fingerprint) in the admin's terms. Pure, so it is tested on recorded states without a gateway.

import type { LinuxPlan } from "@/lib/domain/compile/linux";
import { cumulativeShares, type DeviceReading, type LinkHealth, type RuleReading, type Traffic } from "@/lib/domain/device/reading";

import type { NamedCounter } from "../nft-counters";
import type { GatewayState, LinkReadback } from "../read-state";
import { backendReadings } from "./backend-reading";

/** A link whose probes lose this much while it stays up is carrying traffic on a bad path. */
export const DEGRADED_LOSS_PERCENT = 10;

const traffic = (counter: NamedCounter | null): Traffic | null => (counter ? { packets: counter.packets.toString(), bytes: counter.bytes.toString() } : null);

function health(link: LinkReadback): LinkHealth {
  if (link.state === "up" && link.lossPercent !== null && link.lossPercent >= DEGRADED_LOSS_PERCENT) return "degraded";
  return link.state;
}

/** What one of Waymark's nft rules is for, in the words the RouterOS rules use; else its action and match. */
function purpose(rule: GatewayState["rules"][number], link: string | null): string {
  const { action, match } = rule;
  if (action === "masquerade" && link) return `masquerade out of ${link}`;
  if (action.startsWith("pick a link")) return "new connections: pick a link by weight";
  if (rule.chain === "pick" && action === "count only") return "new connections with no link up";
  if (action.startsWith("count per out-interface")) return "traffic out of each link";
  if (action.startsWith("count per in-interface")) return "traffic in from each link";
  if (action.startsWith("mark → ") && link) return `connections arriving on ${link} answer through ${link}`;
  if (action === "restore the connection's link mark") return "packets follow their connection's link";
  if (action === "save the link mark in the connection") return "the connection keeps its link";
  if (action === "jump to pick") return "new connections: choose a link";
  if (action === "return") return `left alone: ${match}`;
  return `${action} (${match})`;
}

// Every rule of Waymark's table and of the admin's own tables, as nft lists them. A rule serves a link when the
// only link interface it names is that link's.
function rules(state: GatewayState, plan: LinuxPlan): RuleReading[] {
  const linkOf = new Map(plan.monitor.links.map((l) => [l.interface, l.name]));
  return state.rules.map((rule) => {
    const links = [...new Set(rule.interfaces.map((i) => linkOf.get(i)).filter((l): l is string => l !== undefined))];
    return {
      key: `${rule.table}:${rule.chain}:${rule.handle}`,
      table: rule.table,
      chain: rule.chain,
      number: rule.number,
      ownedByWaymark: rule.ownedByWaymark,
      what: rule.comment ?? (rule.ownedByWaymark ? purpose(rule, links.length === 1 ? links[0]! : null) : `${rule.action} (${rule.match})`),
      match: rule.match,
      action: rule.action,
      link: links.length === 1 ? links[0]! : null,
      packets: rule.counted?.packets.toString() ?? null,
      bytes: rule.counted?.bytes.toString() ?? null,
      disabled: false,
    };
  });
}

export function toDeviceReading(state: GatewayState, plan: LinuxPlan, appliedHash: string | null): DeviceReading {
  const shares = cumulativeShares(state.links.map((l) => l.newConnections?.packets.toString() ?? null));
  const drifted = appliedHash !== null && state.tableHash !== appliedHash;
  return {
    readAtMs: state.readAtMs,
    device: { identity: null, softwareVersion: null },
    watcher: {
      running: state.monitor.running,
      detail: state.monitor.running
        ? "the health monitor on the gateway is running"
        : "the health monitor on the gateway is not running: links are not watched",
    },
    links: state.links.map((link, i) => ({
      name: link.name,
      state: health(link),
      since: link.since === null ? null : new Date(link.since).toISOString(),
      lossPercent: link.lossPercent,
      rttMs: link.rttMs,
      newConnections: link.newConnections?.packets.toString() ?? null,
      shareOfNew: shares[i] ?? null,
      out: traffic(link.tx),
      in: traffic(link.rx),
      openConnections: link.connections,
    })),
    backends: backendReadings(state, plan),
    rules: rules(state, plan),
    drift: {
      drifted,
      entries: drifted
        ? [
            {
              what: `Waymark's ${plan.target === "linux-nftables" ? "nftables table" : "iptables chains"}`,
              change: "changed",
              detail: state.tableHash === null ? "not on the gateway" : "differs from what the last push left there",
            },
          ]
        : [],
    },
  };
}
