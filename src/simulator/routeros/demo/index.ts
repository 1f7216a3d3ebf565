// The demo's simulated routers: each boots from an export that already carries the admin's own rules, sits in a
// small world (two ISPs, an office LAN) and carries live traffic, so a newcomer sees counters move at once.

import { readFileSync } from "node:fs";
import path from "node:path";

import { startRouterOsSimulator, type RouterOsSimulator, type SimulatedUser } from "../index";

export type DemoSite = {
  /** The export the router boots from (this folder). */
  exportFile: "edge-7.rsc" | "branch-6.rsc";
  version: string;
  boardName: string;
  identity: string;
  lan: { prefix: string; clients: number };
  /** Inbound connections per second from the internet to `inbound.address:port` (a port forward or a pool). */
  inbound?: { address: string; interface: string; port: number; perSecond: number };
  trafficBytesPerSecond: number;
};

export const DEMO_SITES = {
  edge: {
    exportFile: "edge-7.rsc",
    version: "7.16.2",
    boardName: "CCR2004-1G-12S+2XS",
    identity: "edge-01",
    lan: { prefix: "192.168.10.", clients: 60 },
    trafficBytesPerSecond: 6_000_000,
    inbound: { address: "198.51.100.2", interface: "wan1", port: 443, perSecond: 2 },
  },
  branch: {
    exportFile: "branch-6.rsc",
    version: "6.49.10 (long-term)",
    boardName: "RB4011iGS+",
    identity: "branch-02",
    lan: { prefix: "192.168.20.", clients: 30 },
    trafficBytesPerSecond: 2_000_000,
  },
} as const satisfies Record<string, DemoSite>;

const FIRST_CLIENT = 10;
/** Internet clients of the inbound demo traffic: the benchmarking range, never a real network's. */
const INTERNET_CLIENTS = ["198.18.100.1", "198.18.100.2", "198.18.101.7", "198.19.7.9", "198.19.200.3"];

export type DemoRouter = { sim: RouterOsSimulator; stop: () => Promise<void> };

export async function startDemoRouter(site: DemoSite, options: { port: number; users: readonly SimulatedUser[] }): Promise<DemoRouter> {
  const sim = await startRouterOsSimulator({
    host: "127.0.0.1",
    port: options.port,
    version: site.version,
    identity: site.identity,
    boardName: site.boardName,
    users: options.users,
    bootExport: readFileSync(path.join(/* turbopackIgnore: true */ process.cwd(), "src/simulator/routeros/demo", site.exportFile), "utf8"),
  });
  const clients = Array.from({ length: site.lan.clients }, (_, i) => `${site.lan.prefix}${FIRST_CLIENT + i}`);
  const outbound = sim.network.startTraffic({ clients, newConnectionsPerSecond: site.lan.clients / 6, bytesPerSecond: site.trafficBytesPerSecond });
  const inbound = site.inbound ? startInbound(sim, site.inbound) : () => {};
  return {
    sim,
    stop: async () => {
      outbound.stop();
      inbound();
      await sim.close();
    },
  };
}

const INBOUND_LIFETIME_MS = 8_000;

function startInbound(sim: RouterOsSimulator, inbound: NonNullable<DemoSite["inbound"]>): () => void {
  let next = 0;
  const open: { id: string; closeAt: number }[] = [];
  const timer = setInterval(() => {
    const now = Date.now();
    while (open.length > 0 && open[0]!.closeAt <= now) sim.network.closeConnection(open.shift()!.id);
    const src = INTERNET_CLIENTS[next++ % INTERNET_CLIENTS.length]!;
    try {
      const outcome = sim.network.openConnection({
        src,
        dst: inbound.address,
        protocol: "tcp",
        dstPort: inbound.port,
        inInterface: inbound.interface,
        bytes: 1_500,
      });
      open.push({ id: outcome.id, closeAt: now + INBOUND_LIFETIME_MS });
    } catch {
      // A refused or unroutable connection is what the router would do too; the demo keeps going.
    }
  }, 1000 / inbound.perSecond);
  timer.unref();
  return () => clearInterval(timer);
}
