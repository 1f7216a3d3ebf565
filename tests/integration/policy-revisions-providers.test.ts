// Revisions on both databases: saves and their revisions in one transaction, and migration 0005 recording each
// policy saved before revisions were kept.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DUAL_WAN_EXAMPLE } from "@/lib/domain/intent/examples";
import { linuxDevice, PROVIDERS, setupAdmin, startAppEnvironment, type ApiClient, type AppEnvironment } from "./support";

describe.each(PROVIDERS)("[revisions] on %s", (provider) => {
  let app: AppEnvironment;
  let admin: ApiClient;
  let deviceId: string;

  beforeAll(async () => {
    app = await startAppEnvironment(provider);
    admin = await setupAdmin(app);
    deviceId = (await admin.post("/devices", linuxDevice())).json.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  it("keeps every save, with concurrent saves numbered one after another", async () => {
    const saves = await Promise.all(
      [1, 2, 3, 4].map((weight) =>
        admin.put(`/devices/${deviceId}/policy`, {
          ...DUAL_WAN_EXAMPLE,
          links: [{ ...DUAL_WAN_EXAMPLE.links[0]!, weight }, DUAL_WAN_EXAMPLE.links[1]!],
          reason: `weight ${weight}`,
        }),
      ),
    );
    expect(saves.map((s) => s.status)).toEqual([200, 200, 200, 200]);
    expect(saves.map((s) => s.json.revision).sort()).toEqual([1, 2, 3, 4]);
    const list = (await admin.get(`/devices/${deviceId}/policy/revisions`)).json as { revision: number; reason: string }[];
    expect(list.map((r) => r.revision)).toEqual([4, 3, 2, 1]);
    for (const save of saves) {
      const revision = (await admin.get(`/devices/${deviceId}/policy/revisions/${save.json.revision}`)).json;
      expect(revision.intent.links[0].weight).toBe(save.json.intent.links[0].weight);
    }
  });

  it("migration 0005 records each existing policy as its current revision", async () => {
    await app.db.policyRevision.deleteMany({});
    const sql = readFileSync(`prisma/migrations/${provider}/0005_policy_revisions/migration.sql`, "utf8");
    await app.db.$executeRawUnsafe(sql.slice(sql.indexOf("INSERT INTO")));
    const policy = await app.db.devicePolicy.findUniqueOrThrow({ where: { deviceId } });
    const rows = await app.db.policyRevision.findMany({});
    expect(rows).toEqual([
      {
        deviceId,
        revision: policy.revision,
        intent: policy.intent,
        targetOptions: policy.targetOptions,
        savedBy: policy.updatedBy,
        savedAt: policy.updatedAt,
        reason: "",
      },
    ]);
  });
});
