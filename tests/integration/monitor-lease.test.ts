import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leases } from "@/lib/monitor/lease";
import { type AppEnvironment, PROVIDERS, routerOsDevice, setupAdmin, startAppEnvironment } from "./support";

// The poll lease on both databases: of two instances claiming one device at the same moment exactly one wins,
// the loser cannot renew what it does not hold, an expired lease is taken over, and a release frees it at once.

describe.each(PROVIDERS)("[monitor] poll lease on %s", (provider) => {
  let app: AppEnvironment;
  let deviceIds: string[];

  beforeAll(async () => {
    app = await startAppEnvironment(provider);
    const admin = await setupAdmin(app);
    deviceIds = [];
    for (const name of ["edge-1", "edge-2", "edge-3"]) {
      const created = await admin.post("/devices", routerOsDevice({ name }));
      expect(created.status, created.text).toBe(201);
      deviceIds.push(created.json.id);
    }
  });

  afterAll(async () => {
    await app?.close();
  });

  it("gives one device to exactly one of several instances claiming it at once", async () => {
    const instances = ["a", "b", "c", "d"].map((id) => leases(app.db, id, 60_000));
    for (const deviceId of deviceIds) {
      const won = await Promise.all(instances.map((l) => l.claim(deviceId)));
      expect(won.filter(Boolean)).toHaveLength(1);
      const holder = instances[won.indexOf(true)]!;
      expect(await app.db.pollLease.findUnique({ where: { deviceId } })).toMatchObject({ instanceId: holder.instanceId });
      // The holder claims again (the same instance renewing); the others still cannot.
      expect(await holder.claim(deviceId)).toBe(true);
      for (const other of instances.filter((l) => l !== holder)) expect(await other.claim(deviceId)).toBe(false);
    }
    const held = await Promise.all(instances.map((l) => l.renewAll()));
    expect(held.reduce((n, s) => n + s.size, 0)).toBe(deviceIds.length);
    for (const l of instances) await l.releaseAll();
    expect(await app.db.pollLease.count()).toBe(0);
  });

  it("lets another instance take an expired lease, and the old holder then holds nothing", async () => {
    const [deviceId] = deviceIds as [string];
    const dying = leases(app.db, "dying", 300);
    const heir = leases(app.db, "heir", 60_000);
    expect(await dying.claim(deviceId)).toBe(true);
    expect(await heir.claim(deviceId)).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect(await heir.claim(deviceId)).toBe(true);
    expect(await dying.renewAll()).toEqual(new Set());
    expect(await dying.claim(deviceId)).toBe(false);
    await heir.release(deviceId);
    expect(await dying.claim(deviceId)).toBe(true);
    await dying.releaseAll();
  });

  it("refuses a lease on a device that does not exist", async () => {
    expect(await leases(app.db, "a").claim("no-such-device")).toBe(false);
  });
});
