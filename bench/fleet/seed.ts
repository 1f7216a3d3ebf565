// The benchmark's database: a fresh SQLite file (or PostgreSQL database) with N RouterOS devices pointing at the
// fleet's ports, each with a confirmed push carrying the compiled plan and its applied hash, so the monitor polls
// them all from its first second. Device 0 (the fleet's template router) gets a real push through the services
// (save policy, start push, wait): the plan and hash the others' rows copy are the ones the pusher recorded, and
// the other routers boot from router 0's export afterwards, so they hold exactly those objects.
// Run in the benchmark process before the dashboard starts (WAYMARK_DATA_DIR / DATABASE_URL already set).
import { newId } from "@/lib/auth/tokens";
import { migrate } from "@/lib/db/migrate";
import { env } from "@/lib/env";
import { DEMO_ROUTERS } from "@/lib/services/demo/start-demo";
import { createDevice } from "@/lib/services/devices";
import { DEMO_SITES } from "@/simulator/routeros/demo";
import { savePolicy } from "@/lib/services/policies";
import { readDeviceState, startPush, waitForPush } from "@/lib/services/pushes";
import { serviceContext } from "@/lib/services/context";
import { FLEET_USER } from "./routers";

/** The demo's edge policy, which fits the edge export the fleet boots from. */
const INTENT = DEMO_ROUTERS.find((router) => router.site === DEMO_SITES.edge)!.intent;

export type Seeded = { deviceIds: string[]; planObjects: number; pushMs: number };

const ctx = () => serviceContext({ type: "system", job: "bench" }, null);

async function addDevice(index: number, port: number): Promise<string> {
  const device = await createDevice(ctx(), {
    kind: "routeros",
    name: `bench-${String(index).padStart(4, "0")}`,
    host: "127.0.0.1",
    port,
    username: FLEET_USER.name,
    password: FLEET_USER.password,
  });
  return device.id;
}

/** Migrates the database and pushes the plan to the template router (device 0) through the real pusher. */
export async function seedTemplate(templatePort: number): Promise<{ deviceId: string; pushMs: number; planObjects: number }> {
  await migrate(env().databaseUrl);
  const deviceId = await addDevice(0, templatePort);
  await savePolicy(ctx(), deviceId, INTENT);
  const started = performance.now();
  const push = await startPush(ctx(), deviceId, { reason: "benchmark: the template router's plan", confirmWindowSec: 30 });
  const done = await waitForPush(ctx(), push.id, 60);
  if (done.status !== "confirmed") throw new Error(`the template push ended ${done.status}: ${JSON.stringify(done)}`);
  const row = await ctx().db.push.findUniqueOrThrow({ where: { id: push.id } });
  const objects = (JSON.parse(row.plan) as { objects?: unknown[] }).objects?.length ?? 0;
  return { deviceId, pushMs: performance.now() - started, planObjects: objects };
}

/** Devices 1..count-1 on ports basePort+i, each with a copy of device 0's confirmed push (same plan, same hash). */
export async function seedClones(templateId: string, count: number, basePort: number): Promise<string[]> {
  const db = ctx().db;
  const template = await db.push.findFirstOrThrow({ where: { deviceId: templateId, status: "confirmed" } });
  const ids = [templateId];
  for (let index = 1; index < count; index++) {
    const deviceId = await addDevice(index, basePort + index);
    const { id: _id, deviceId: _device, ...copy } = template;
    await db.push.create({ data: { ...copy, id: newId(), deviceId, reason: "benchmark: booted from the template's export" } });
    ids.push(deviceId);
  }
  // A clone must hold exactly the template's objects: read the last one back, as the device page would.
  const last = await readDeviceState(ctx(), ids.at(-1)!);
  if (last.drift.drifted) throw new Error(`a router booted from the template's export has drifted: ${JSON.stringify(last.drift.entries.slice(0, 3))}`);
  return ids;
}
