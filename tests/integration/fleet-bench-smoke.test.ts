// The fleet benchmark's harness (bench/fleet), small: its fleet process boots 3 simulated routers from a pushed
// template's export, the seeded database points 3 devices at them, and the monitor polls all three on one login
// each. The benchmark itself (bench/monitor-fleet.ts) is not a test; this only keeps its harness working.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { DeviceLive } from "@/lib/domain/monitor/live";
import { liveBus } from "@/lib/live/bus";
import { Monitor } from "@/lib/monitor/monitor";
import type { ApiCost } from "@/simulator/routeros";
import { type FleetProcess, startFleetProcess, stop } from "../../bench/fleet/processes";
import { seedClones, seedTemplate } from "../../bench/fleet/seed";
import { type AppEnvironment, startAppEnvironment } from "./support";

const BASE_PORT = 31_700;
let app: AppEnvironment;
let fleet: FleetProcess;

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  fleet = await startFleetProcess(BASE_PORT, BASE_PORT - 10);
});

afterAll(async () => {
  await stop(fleet.child);
  await app.close();
});

test("3 routers booted from the template's export are each polled on one kept session", async () => {
  const template = await seedTemplate(BASE_PORT);
  await fleet.call("POST", "/grow", { count: 3 });
  const ids = await seedClones(template.deviceId, 3, BASE_PORT);
  const before = await fleet.call<{ perRouter: ApiCost[] }>("GET", "/cost");

  const polled = new Map<string, number>();
  const unsubscribe = liveBus().subscribe("*", (update: DeviceLive) => {
    if (update.state === "ok") polled.set(update.deviceId, (polled.get(update.deviceId) ?? 0) + 1);
  });
  const monitor = new Monitor({ db: app.db, instanceId: "fleet-smoke" });
  monitor.start();
  try {
    await expect.poll(() => ids.every((id) => (polled.get(id) ?? 0) >= 2), { timeout: 15_000, interval: 200 }).toBe(true);
  } finally {
    unsubscribe();
    await monitor.stop();
  }
  const after = await fleet.call<{ perRouter: ApiCost[] }>("GET", "/cost");
  expect(after.perRouter.map((cost, i) => cost.logins - before.perRouter[i]!.logins)).toEqual([1, 1, 1]);
  // Router 1 has seen nothing but the monitor (router 0 the push, router 2 the seed's read-back).
  expect(after.perRouter[1]!.peakInFlight).toBeLessThanOrEqual(2);
}, 60_000);
