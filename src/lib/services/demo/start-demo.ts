import "server-only";
import { newId } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";
import type { IntentInput } from "@/lib/domain/intent";
import { DEMO_SITES, startDemoRouter, type DemoSite } from "@/simulator/routeros/demo";
import { serviceContext } from "../context";
import { sealCredentials } from "../devices/credentials";
import { checkDeviceConnection } from "../devices/check-device-connection";
import { savePolicy } from "../policies";
import { startPush } from "../pushes";

// Demo mode: simulated routers on loopback carrying live traffic, listed in the inventory with a policy already
// pushed, so a newcomer sees counters move within a minute. The routers accept one documented login (README), so
// a newcomer can also add one by hand; they listen on 127.0.0.1 only and reach nothing real.
export const DEMO_ROUTER_LOGIN = { name: "waymark", password: "waymark-demo" } as const;

type DemoRouterSpec = { name: string; port: number; site: DemoSite; intent: IntentInput };

const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 2_000, timeoutMs: 1_000 };

export const DEMO_ROUTERS: readonly DemoRouterSpec[] = [
  {
    name: "demo-edge-01 (simulated RouterOS 7.16)",
    port: 18728,
    site: DEMO_SITES.edge,
    intent: {
      links: [
        { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe },
        { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
      ],
      outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
      inbound: {
        pools: [
          {
            name: "web",
            listen: { interface: "wan1", protocol: "tcp", port: 443 },
            backends: [
              { name: "web-1", address: "192.168.10.200", weight: 2 },
              { name: "web-2", address: "192.168.10.201", weight: 1 },
            ],
          },
        ],
      },
    },
  },
  {
    name: "demo-branch-02 (simulated RouterOS 6.49)",
    port: 18738,
    site: DEMO_SITES.branch,
    intent: {
      links: [
        { name: "cable", interface: "wan1", gateway: "198.51.100.33", weight: 1, probe },
        { name: "dsl", interface: "wan2", gateway: "203.0.113.65", weight: 1, probe },
      ],
      outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.20.0/24"], method: "sticky-source-destination" },
    },
  },
];

const holder = globalThis as unknown as { waymarkDemo?: Promise<void> };

export function startDemo(): Promise<void> {
  holder.waymarkDemo ??= run();
  return holder.waymarkDemo;
}

async function run(): Promise<void> {
  const { name: user, password } = DEMO_ROUTER_LOGIN;
  for (const router of DEMO_ROUTERS) {
    await startDemoRouter(router.site, { port: router.port, users: [{ name: user, password }] });
    const deviceId = await ensureDevice(router.name, router.port, password);
    await ensurePushed(deviceId, router.intent).catch((error: unknown) => {
      console.error(`waymark: demo push to ${router.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  console.log(`waymark: demo routers listening on 127.0.0.1:${DEMO_ROUTERS.map((r) => r.port).join(", ")} (user ${user}, password ${password})`);
}

async function ensureDevice(name: string, port: number, password: string): Promise<string> {
  const existing = await db().device.findUnique({ where: { name } });
  if (existing) {
    // Older versions sealed a password derived from the master key; the simulated router knows only this one.
    if (existing.host === "127.0.0.1" && existing.port === port) {
      await db().device.update({ where: { id: existing.id }, data: { sealedCredentials: sealCredentials(existing.id, { kind: "routeros", password }) } });
    }
    return existing.id;
  }
  const id = newId();
  await db().device.create({
    data: {
      id,
      name,
      kind: "routeros",
      host: "127.0.0.1",
      port,
      transport: "plain",
      username: DEMO_ROUTER_LOGIN.name,
      comment: "Simulated by Waymark's RouterOS simulator (demo mode).",
      sealedCredentials: sealCredentials(id, { kind: "routeros", password }),
    },
  });
  return id;
}

/**
 * The simulated routers start from their export each time, so Waymark's objects are pushed again at every start
 * (through the ordinary push, recorded in the history as system:demo). A saved policy is kept: an admin's edits
 * to the demo survive restarts.
 */
async function ensurePushed(deviceId: string, intent: IntentInput): Promise<void> {
  const ctx = serviceContext({ type: "system", job: "demo" }, null);
  await checkDeviceConnection(ctx, deviceId);
  if (!(await ctx.db.devicePolicy.findUnique({ where: { deviceId } }))) await savePolicy(ctx, deviceId, intent);
  await startPush(ctx, deviceId, { reason: "demo start: the simulated router booted from its export", confirmWindowSec: 30 });
}
