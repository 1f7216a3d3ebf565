// The benchmark's fleet: simulated RouterOS routers (src/simulator/routeros) on 127.0.0.1, one port each. The
// first one, the template, boots from the demo's edge export; the benchmark pushes Waymark's plan to it through
// the dashboard's real push, and the rest boot from the template's /export afterwards, so every router already
// holds the plan without N pushes. LAN traffic flows through each router's dataplane, far less than the demo's
// (60 clients, 6 MB/s), so the simulator process is not what the benchmark measures.
import { readFileSync } from "node:fs";
import path from "node:path";

import { type ApiCost, exportConfig, startRouterOsSimulator, type RouterOsSimulator } from "@/simulator/routeros";
import { DEMO_SITES } from "@/simulator/routeros/demo";

export const FLEET_USER = { name: "bench", password: "bench-fleet-password" } as const;

const SITE = DEMO_SITES.edge;

/** Per router: a few LAN clients opening a connection every other second, 20 kB/s in all. */
const TRAFFIC = { clients: 4, newConnectionsPerSecond: 0.5, bytesPerSecond: 20_000, connectionSeconds: [4, 12] as const };

export type FleetRouter = { index: number; port: number; sim: RouterOsSimulator; stopTraffic: () => void };

async function bootRouter(index: number, port: number, bootExport: string): Promise<FleetRouter> {
  const sim = await startRouterOsSimulator({
    host: "127.0.0.1",
    port,
    version: SITE.version,
    identity: `${SITE.identity}-${index}`,
    boardName: SITE.boardName,
    users: [FLEET_USER],
    bootExport,
  });
  const clients = Array.from({ length: TRAFFIC.clients }, (_, i) => `${SITE.lan.prefix}${10 + i}`);
  const traffic = sim.network.startTraffic({
    clients,
    newConnectionsPerSecond: TRAFFIC.newConnectionsPerSecond,
    bytesPerSecond: TRAFFIC.bytesPerSecond,
    connectionSeconds: TRAFFIC.connectionSeconds,
  });
  return { index, port, sim, stopTraffic: traffic.stop };
}

export type Fleet = {
  routers: () => readonly FleetRouter[];
  /** Boots routers 1..count-1 from the template's export (the template is router 0). */
  grow: (count: number) => Promise<{ bootMs: number; exportLines: number }>;
  /** Sets the packet counter of the router's first Waymark mangle rule; returns when (ms since the epoch). */
  bump: (index: number, packets: bigint) => number;
  cost: () => { total: ApiCost; routers: number; perRouter: ApiCost[] };
  /** Zeroes every router's API cost, so what follows (the monitor) is counted alone. */
  resetCost: () => void;
  stop: () => Promise<void>;
};

export async function startFleet(basePort: number): Promise<Fleet> {
  const demoExport = readFileSync(path.join(process.cwd(), "src/simulator/routeros/demo", SITE.exportFile), "utf8");
  const list: FleetRouter[] = [await bootRouter(0, basePort, demoExport)];
  return {
    routers: () => list,
    grow: async (count) => {
      const text = exportConfig(list[0]!.sim.device);
      const started = performance.now();
      for (let index = list.length; index < count; index++) list.push(await bootRouter(index, basePort + index, text));
      const report = list.at(-1)?.sim.bootReport;
      if (report && list.length > 1 && report.warnings.length > 0) {
        // Seen: the mangle rules' new-routing-mark is exported before /routing/table names it; kept as written.
        console.error(`fleet: the template's export booted with ${report.warnings.length} warning(s), e.g. ${report.warnings[0]?.reason}`);
      }
      return { bootMs: performance.now() - started, exportLines: text.split("\n").length };
    },
    bump: (index, packets) => {
      const router = list[index];
      if (!router) throw new Error(`no router ${index}`);
      const rule = router.sim.device.config.table("ip/firewall/mangle").items.find((item) => item.props.comment?.startsWith("waymark:"));
      if (!rule) throw new Error(`router ${index} has no Waymark mangle rule (was the plan pushed?)`);
      rule.counters.packets = packets;
      return Date.now();
    },
    cost: () => {
      const [first, ...rest] = list.map((router) => router.sim.apiCost());
      const total = rest.reduce<ApiCost>(
        (sum, c) => ({
          logins: sum.logins + c.logins,
          sentencesReceived: sum.sentencesReceived + c.sentencesReceived,
          bytesReceived: sum.bytesReceived + c.bytesReceived,
          sentencesSent: sum.sentencesSent + c.sentencesSent,
          bytesSent: sum.bytesSent + c.bytesSent,
          peakInFlight: Math.max(sum.peakInFlight, c.peakInFlight),
        }),
        first!,
      );
      return { total, routers: list.length, perRouter: [first!, ...rest] };
    },
    resetCost: () => {
      for (const router of list) router.sim.resetApiCost();
    },
    stop: async () => {
      for (const router of list) router.stopTraffic();
      await Promise.all(list.map((router) => router.sim.close()));
    },
  };
}
