// Every save of a device's policy is a revision (who, when, why, what changed), readable one by one for a revert,
// and "running" says what the device runs: the last push it confirmed, never one it rolled back.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntentInput } from "@/lib/domain/intent";
import { resetEnvForTests } from "@/lib/env";
import type { RouterOsSimulator } from "@/simulator/routeros";
import { pushFinished, type ApiClient, type AppEnvironment } from "./support";
import { startRouterSite, type RouterSite } from "./router-site";

let site: RouterSite;
let sim: RouterOsSimulator;
let app: AppEnvironment;
let operator: ApiClient;
let viewer: ApiClient;
let deviceId: string;

const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const intent = (weight: number): IntentInput => ({
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
});

async function save(weight: number, reason?: string): Promise<number> {
  const saved = await operator.put(`/devices/${deviceId}/policy`, { ...intent(weight), ...(reason === undefined ? {} : { reason }) });
  expect(saved.status, saved.text).toBe(200);
  return saved.json.revision;
}

async function push(): Promise<any> {
  const started = await operator.post(`/devices/${deviceId}/push`, { reason: "test", confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  return pushFinished(operator, started.json.id);
}

async function withReasonsRequired(work: () => Promise<void>): Promise<void> {
  process.env.WAYMARK_PUSH_REASON_REQUIRED = "true";
  resetEnvForTests();
  try {
    await work();
  } finally {
    delete process.env.WAYMARK_PUSH_REASON_REQUIRED;
    resetEnvForTests();
  }
}

beforeAll(async () => {
  site = await startRouterSite();
  ({ sim, app, operator, viewer, deviceId } = site);
}, 90_000);

afterAll(async () => {
  await site?.close();
});

describe("[revisions] every save is a revision", () => {
  it("keeps who, when, why and what changed, newest first, and each revision as it was", async () => {
    expect((await viewer.get(`/devices/${deviceId}/policy/revisions`)).json).toEqual([]);
    expect(await save(1, "first cut")).toBe(1);
    expect(await save(3, "  isp-a got faster  ")).toBe(2);
    const balancer = await operator.put(`/devices/${deviceId}/policy/target-options`, { routeros: { balancer: "ecmp" }, reason: "fewer rules" });
    expect(balancer.status, balancer.text).toBe(200);
    expect(balancer.json.revision).toBe(3);
    await operator.put(`/devices/${deviceId}/policy/target-options`, { routeros: { balancer: "pcc" } });

    const list = await viewer.get(`/devices/${deviceId}/policy/revisions`);
    expect(list.status, list.text).toBe(200);
    expect(list.json.map((r: { revision: number }) => r.revision)).toEqual([4, 3, 2, 1]);
    expect(list.json[1]).toMatchObject({ reason: "fewer rules", changes: [{ subject: "RouterOS balancer", text: "RouterOS balancer PCC → ECMP" }] });
    expect(list.json[2]).toMatchObject({ reason: "isp-a got faster", changes: [{ subject: "link isp-a", text: "link isp-a weight 1 → 3" }] });
    expect(list.json[3].changes[0].text).toMatch(/^first policy: links isp-a, isp-b/);
    expect(list.json[3].savedBy).toMatch(/^operator/);

    const one = await viewer.get(`/devices/${deviceId}/policy/revisions/2`);
    expect(one.status, one.text).toBe(200);
    expect(Object.keys(one.json).sort()).toEqual(["deviceId", "intent", "reason", "revision", "savedAt", "savedBy", "targetOptions"]);
    expect(one.json).toMatchObject({ revision: 2, reason: "isp-a got faster", targetOptions: { routeros: { balancer: "pcc" } } });
    expect(one.json.intent.links[0]).toMatchObject({ name: "isp-a", weight: 3, probe: { downCount: 3 } });
    expect((await viewer.get(`/devices/${deviceId}/policy/revisions/3`)).json.targetOptions.routeros.balancer).toBe("ecmp");
  });

  it("404s an unknown revision or device, and refuses a revision that is not a number", async () => {
    expect((await viewer.get(`/devices/${deviceId}/policy/revisions/99`)).status).toBe(404);
    expect((await viewer.get(`/devices/nope/policy/revisions/1`)).status).toBe(404);
    expect((await viewer.get(`/devices/nope/policy/revisions`)).status).toBe(404);
    expect((await viewer.get(`/devices/${deviceId}/policy/revisions/two`)).status).toBe(422);
    expect((await viewer.get(`/devices/${deviceId}/policy/revisions/0`)).status).toBe(422);
  });

  it("refuses a save without a reason when reasons are required, in the admin's words, and keeps nothing", async () => {
    const before = await app.db.policyRevision.count();
    await withReasonsRequired(async () => {
      for (const reason of [undefined, "   "]) {
        const bare = await operator.put(`/devices/${deviceId}/policy`, { ...intent(5), ...(reason === undefined ? {} : { reason }) });
        expect(bare.status).toBe(422);
        expect(bare.json.error.message).toBe("reason: say why you change this policy (this dashboard requires a reason for every change)");
      }
      expect((await operator.put(`/devices/${deviceId}/policy/target-options`, { routeros: { balancer: "ecmp" } })).status).toBe(422);
      expect(await app.db.policyRevision.count()).toBe(before);
      expect(await save(5, "change window CHG-1234")).toBe(5);
    });
    expect((await viewer.get(`/devices/${deviceId}/policy/revisions/5`)).json.reason).toBe("change window CHG-1234");
  });

  it("refuses a reason longer than 500 characters and fields it does not know", async () => {
    expect((await operator.put(`/devices/${deviceId}/policy`, { ...intent(2), reason: "x".repeat(501) })).status).toBe(422);
    expect((await operator.put(`/devices/${deviceId}/policy`, { ...intent(2), why: "typo" })).status).toBe(422);
  });
});

describe("[revisions] what the device runs", () => {
  it("is nothing before any push, the confirmed revision after one, and stays there when a later push rolls back", async () => {
    expect((await viewer.get(`/devices/${deviceId}/policy/running`)).json).toBeNull();
    const good = await save(2, "to push");
    const confirmed = await push();
    expect(confirmed.status).toBe("confirmed");
    const running = await viewer.get(`/devices/${deviceId}/policy/running`);
    expect(running.status, running.text).toBe(200);
    expect(running.json).toMatchObject({ revision: good, pushId: confirmed.id, status: "confirmed", targetOptions: { routeros: { balancer: "pcc" } } });
    expect(running.json.intent.links[0].weight).toBe(2);

    await save(4, "will be rolled back");
    // lan0 stops running: the intent fits, the health gate fails, the router goes back to revision `good`.
    const lan = sim.device.config.table("interface").items.find((i) => i.props.name === "lan0")!;
    sim.device.config.table("interface").set(lan.id, { disabled: "true" });
    try {
      expect((await push()).status).toBe("rolled_back");
    } finally {
      sim.device.config.table("interface").set(lan.id, { disabled: "false" });
    }
    const after = (await viewer.get(`/devices/${deviceId}/policy/running`)).json;
    expect(after).toMatchObject({ revision: good, pushId: confirmed.id });
    expect(after.intent.links[0].weight).toBe(2);
  });

  it("after a removal, runs no revision and no intent", async () => {
    const started = await operator.post(`/devices/${deviceId}/policy/removal`, { reason: "decommission", confirmWindowSec: 20 });
    expect(started.status, started.text).toBe(201);
    expect((await pushFinished(operator, started.json.id)).status).toBe("confirmed");
    expect((await viewer.get(`/devices/${deviceId}/policy/running`)).json).toMatchObject({ revision: null, intent: null, targetOptions: null });
  });
});

describe("[revisions] migration 0005", () => {
  it("records each policy saved before revisions were kept as its current revision", async () => {
    await app.db.policyRevision.deleteMany({ where: { deviceId } });
    const policy = await app.db.devicePolicy.findUniqueOrThrow({ where: { deviceId } });
    const sql = readFileSync("prisma/migrations/sqlite/0005_policy_revisions/migration.sql", "utf8");
    await app.db.$executeRawUnsafe(sql.slice(sql.indexOf("INSERT INTO")));
    const list = (await viewer.get(`/devices/${deviceId}/policy/revisions`)).json;
    expect(list).toEqual([
      {
        revision: policy.revision,
        savedBy: policy.updatedBy,
        savedAt: policy.updatedAt.toISOString(),
        reason: "",
        changes: [{ subject: "policy", text: `revision ${policy.revision} is the first one recorded; earlier revisions were not kept` }],
      },
    ]);
  });
});
