import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settleInterruptedPushes } from "@/lib/services/pushes";
import { pushFinished, type ApiClient, type AppEnvironment } from "./support";
import { startRouterSite, type RouterSite } from "./router-site";

let site: RouterSite;
let app: AppEnvironment;
let operator: ApiClient;
let deviceId: string;
let confirmedId: string;

const probe = { targets: ["192.0.2.10"], intervalMs: 1_000, timeoutMs: 500 };
const INTENT = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 2, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
};

beforeAll(async () => {
  site = await startRouterSite();
  ({ app, operator, deviceId } = site);
  expect((await operator.put(`/devices/${deviceId}/policy`, INTENT)).status).toBe(200);
  const started = await operator.post(`/devices/${deviceId}/push`, { reason: "test", confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  const push = await pushFinished(operator, started.json.id);
  expect(push.status, JSON.stringify(push.steps)).toBe("confirmed");
  confirmedId = push.id;
}, 90_000);

afterAll(async () => {
  await site?.close();
});

/** A push the dashboard lost: still "running", its lock gone, with `plan` stored. */
async function lostPush(id: string, plan: string): Promise<void> {
  await app.db.push.create({
    data: {
      id,
      deviceId,
      intent: JSON.stringify(INTENT),
      plan,
      planHash: "",
      status: "running",
      actorName: "operator",
      startedAt: new Date(Date.now() - 60_000),
    },
  });
}

describe("[pushes] stored plans read back through their schema", () => {
  it("reads the device back with the plan as stored: the same bytes, so no drift", async () => {
    const state = await operator.get(`/devices/${deviceId}/state`);
    expect(state.status, state.text).toBe(200);
    expect(state.json.drift).toEqual({ drifted: false, entries: [] });
  });

  it("answers a stored plan that does not parse with 412 naming the push and the field, not a 500", async () => {
    const row = await app.db.push.findUniqueOrThrow({ where: { id: confirmedId } });
    const { objects: _objects, ...older } = JSON.parse(row.plan) as Record<string, unknown>;
    await app.db.push.update({ where: { id: confirmedId }, data: { plan: JSON.stringify(older) } });
    try {
      const state = await operator.get(`/devices/${deviceId}/state`);
      expect(state.status, state.text).toBe(412);
      expect(state.json.error.message).toMatch(new RegExp(`^the plan stored with push ${confirmedId} cannot be read \\(objects: .*\\).*push the policy again`));
    } finally {
      await app.db.push.update({ where: { id: confirmedId }, data: { plan: row.plan } });
    }
  });

  it("settles a lost push whose stored plan does not parse as failed, saying why, without asking the device", async () => {
    await lostPush("lost-damaged", JSON.stringify({ target: "routeros", version: "7" }));
    await lostPush("lost-before-compile", "{}");
    await settleInterruptedPushes(app.db);
    const damaged = await app.db.push.findUniqueOrThrow({ where: { id: "lost-damaged" } });
    expect(damaged.status).toBe("failed");
    expect(damaged.error).toMatch(/the plan stored with push lost-damaged cannot be read \(balancer: .*so the device was not asked/);
    const early = await app.db.push.findUniqueOrThrow({ where: { id: "lost-before-compile" } });
    expect(early.status).toBe("rolled_back");
    expect(early.error).toMatch(/before anything was sent/);
  });
});
