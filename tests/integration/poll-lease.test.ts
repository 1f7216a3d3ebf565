// The poll lease under contention on PostgreSQL: several instances (each its own Prisma client, so its own
// connections) claim the same devices at the same moment, free or expired, and renew while others claim. Exactly
// one may win each device each time, and the database row always names the one that believes it holds it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { leases } from "@/lib/monitor/lease";
import { type AppEnvironment, routerOsDevice, setupAdmin, startAppEnvironment } from "./support";

const INSTANCES = 6;
const ROUNDS = 15;

let app: AppEnvironment;
let clients: Db[];
const deviceIds: string[] = [];

beforeAll(async () => {
  app = await startAppEnvironment("postgresql");
  const admin = await setupAdmin(app);
  for (let i = 0; i < 4; i++) deviceIds.push((await admin.post("/devices", routerOsDevice({ name: `lease-${i}` }))).json.id);
  clients = Array.from({ length: INSTANCES }, () => createDb(app.databaseUrl));
});

afterAll(async () => {
  await Promise.all((clients ?? []).map((c) => c.$disconnect()));
  await app?.close();
});

const holderOf = async (deviceId: string) => (await app.db.pollLease.findUnique({ where: { deviceId } }))?.instanceId ?? null;

describe("poll leases under contention", () => {
  it("one winner per device when every instance claims free devices at once", async () => {
    const all = clients.map((db, i) => leases(db, `inst-${i}`, 1_000));
    for (const deviceId of deviceIds) {
      await app.db.pollLease.deleteMany({ where: { deviceId } });
      const won = await Promise.all(all.map((l) => l.claim(deviceId)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await holderOf(deviceId)).toBe(all[won.indexOf(true)]!.instanceId);
    }
  });

  it("one winner per round when the holder died and every other instance claims its expired leases at once", async () => {
    const deviceId = deviceIds[0]!;
    for (let round = 0; round < ROUNDS; round++) {
      await app.db.pollLease.upsert({
        where: { deviceId },
        create: { deviceId, instanceId: "dead", expiresAt: new Date(Date.now() - 10), renewedAt: new Date() },
        update: { instanceId: "dead", expiresAt: new Date(Date.now() - 10) },
      });
      const all = clients.map((db, i) => leases(db, `inst-${i}`, 5_000));
      const won = await Promise.all(all.map((l) => l.claim(deviceId)));
      expect(won.filter(Boolean), `round ${round}`).toHaveLength(1);
      expect(await holderOf(deviceId)).toBe(all[won.indexOf(true)]!.instanceId);
    }
  });

  it("a renewal racing a takeover at the expiry leaves one holder, and the loser knows it", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const holder = leases(clients[0]!, "holder", 40);
      const rivals = clients.slice(1).map((db, i) => leases(db, `rival-${i}`, 5_000));
      const deviceId = deviceIds[round % deviceIds.length]!;
      await app.db.pollLease.deleteMany({ where: { deviceId } });
      expect(await holder.claim(deviceId)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 40 + (round % 3)));
      const [held, ...won] = await Promise.all([holder.renewAll(), ...rivals.map((l) => l.claim(deviceId))]);
      const winners = [...(held.has(deviceId) ? ["holder"] : []), ...rivals.filter((_, i) => won[i]).map((l) => l.instanceId)];
      expect(winners, `round ${round}`).toHaveLength(1);
      expect(await holderOf(deviceId)).toBe(winners[0]);
    }
  });
});
