// LAN traffic for the scenarios: batches of new connections from distinct clients to distinct internet hosts, and
// what became of them.

import type { ConnectionOutcome } from "@/simulator/routeros";

import type { ScenarioRouter } from "./router";
import { internetHost } from "./sites";

let round = 0;

/**
 * `count` new connections from the site's LAN (clients .20–.219 in turn), each to an internet host no earlier
 * batch used, so PCC hashes every one afresh.
 */
export function openLanConnections(router: ScenarioRouter, count: number): ConnectionOutcome[] {
  const block = round++;
  return Array.from({ length: count }, (_, i) =>
    router.sim.network.openConnection({
      src: `${router.site.lan.prefix}${20 + (i % 200)}`,
      dst: internetHost(i + (block % 250) * 250, Math.floor(block / 250) % 2),
      protocol: "tcp",
      dstPort: 443,
    }),
  );
}

export type Spread = { total: number; viaA: number; viaB: number; delivered: number };

export const spreadOf = (router: ScenarioRouter, outcomes: readonly ConnectionOutcome[]): Spread => ({
  total: outcomes.length,
  viaA: outcomes.filter((o) => o.outInterface === router.site.a.interface).length,
  viaB: outcomes.filter((o) => o.outInterface === router.site.b.interface).length,
  delivered: outcomes.filter((o) => o.delivered).length,
});

/** Conntrack entries the router holds now, by .id. */
export const conntrackIds = (router: ScenarioRouter): Set<string> =>
  new Set(
    router.sim.device.config.hasTable("ip/firewall/connection") ? router.sim.device.config.table("ip/firewall/connection").items.map((item) => item.id) : [],
  );
