// The per-device push claim lives in the database: two dashboard processes on one database (here two Prisma
// clients, each with its own connections, as two processes would have) never both claim one device, on SQLite
// and on PostgreSQL; a released claim can be taken again, and a claim is one device's, not the whole table's.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { newId } from "@/lib/auth/tokens";
import { claimDevice, releaseDevice } from "@/lib/services/pushes/device-lock";
import { ConflictError } from "@/lib/services/errors";
import { PROVIDERS, routerOsDevice, setupAdmin, startAppEnvironment, type AppEnvironment } from "./support";

describe.each(PROVIDERS)("push claims on %s", (provider) => {
  let app: AppEnvironment;
  let other: Db;
  let devices: string[];

  beforeEach(async () => {
    app = await startAppEnvironment(provider);
    other = createDb(app.databaseUrl);
    const admin = await setupAdmin(app);
    devices = [];
    for (const n of [1, 2]) {
      const created = await admin.post("/devices", routerOsDevice({ name: `router-${n}`, host: `192.0.2.${n}` }));
      expect(created.status, created.text).toBe(201);
      devices.push(created.json.id);
    }
  });
  afterEach(async () => {
    await other.$disconnect();
    await app.close();
  });

  it("lets exactly one of many simultaneous claims from two processes through", async () => {
    const attempts = Array.from({ length: 20 }, (_, i) => claimDevice(i % 2 === 0 ? app.db : other, devices[0]!, newId()));
    const results = await Promise.allSettled(attempts);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    expect(lost.every((r) => r.reason instanceof ConflictError && /already in flight/.test(r.reason.message))).toBe(true);
    expect(await app.db.deviceLock.count()).toBe(1);
  });

  it("keeps a claim to its device, and frees it only for the push that holds it", async () => {
    const push = newId();
    await claimDevice(app.db, devices[0]!, push);
    await claimDevice(other, devices[1]!, newId());
    await releaseDevice(other, devices[0]!, newId()); // another push's release changes nothing
    await expect(claimDevice(other, devices[0]!, newId())).rejects.toBeInstanceOf(ConflictError);
    await releaseDevice(other, devices[0]!, push);
    await claimDevice(other, devices[0]!, newId());
  });
});
