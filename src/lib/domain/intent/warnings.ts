import { prefixSize } from "../network";
import type { PlanWarning } from "../plan";
import type { ServerPool } from "./inbound";
import { primaryTier, type Intent } from "./intent";
import { poolProbeSettings } from "./pool-probe";

// What an experienced engineer would point out about an intent before it is pushed anywhere. Target-specific
// compilers add their own (e.g. RouterOS netwatch limits).
export function intentWarnings(intent: Intent): PlanWarning[] {
  return [
    ...intent.links.flatMap(linkWarnings),
    ...stickinessWarnings(intent),
    ...redundancyWarnings(intent),
    ...(intent.inbound?.pools ?? []).flatMap(poolWarnings),
  ];
}

function poolWarnings(pool: ServerPool): PlanWarning[] {
  if (poolProbeSettings(pool.probe).downCount > 1) return [];
  return [
    {
      code: "pool-no-down-hysteresis",
      severity: "warning",
      message: `pool ${pool.name} takes a backend out on a single failed probe: one lost answer stops its new connections until it answers again`,
    },
  ];
}

function linkWarnings(link: Intent["links"][number]): PlanWarning[] {
  // How fast a dead link is detected depends on the device's prober: each compiler says so in its own warnings.
  const warnings: PlanWarning[] = [];
  if (link.probe.targets.length === 1) {
    warnings.push({
      code: "single-probe-target",
      severity: "warning",
      link: link.name,
      message: `${link.name} probes a single target: if ${link.probe.targets[0]} alone stops answering, the link is taken down`,
    });
  }
  if (link.probe.targets.includes(link.gateway)) {
    warnings.push({
      code: "probe-is-gateway",
      severity: "warning",
      link: link.name,
      message: `${link.name} probes its own gateway ${link.gateway}, which proves only the first hop; add a target beyond the ISP`,
    });
  }
  if (link.probe.downCount === 1) {
    warnings.push({
      code: "no-down-hysteresis",
      severity: "warning",
      link: link.name,
      message: `${link.name} goes down on a single failed round; one lost probe will fail it over`,
    });
  }
  return warnings;
}

function stickinessWarnings(intent: Intent): PlanWarning[] {
  if (intent.outbound.method !== "sticky-source") return [];
  const tier = primaryTier(intent);
  const weights = intent.links.filter((l) => l.tier === tier).map((l) => l.weight);
  if (weights.length < 2) return [];
  const hosts = intent.outbound.lanSources.reduce((sum, cidr) => sum + usableHosts(cidr), 0);
  if (hosts >= 50) return [];
  return [
    {
      code: "sticky-too-few-hosts",
      severity: "warning",
      message: `sticky by source with ${hosts} LAN host${hosts === 1 ? "" : "s"} cannot follow weights ${weights.join(":")}: each host moves ${Math.round(100 / Math.max(hosts, 1))} % of the traffic at once`,
    },
  ];
}

function usableHosts(cidr: string): number {
  const size = prefixSize(cidr);
  return size <= 2 ? size : size - 2;
}

function redundancyWarnings(intent: Intent): PlanWarning[] {
  if (intent.links.length > 1) return [];
  return [
    {
      code: "single-link",
      severity: "warning",
      message: `only one link: when ${intent.links[0]!.name} fails, the last resort (${intent.outbound.lastResort}) applies`,
    },
  ];
}
