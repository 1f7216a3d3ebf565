// Sites through the API with the real database and route handlers: saved as revisions with their members kept in
// step, refused in words (bad VIP, duplicate node numbers, unknown device, a role another site holds), roles
// checked, delete guards on sites and devices, and a push whose devices are busy or do not answer ending with
// each one's reason. Member devices point at closed loopback ports: nothing leaves the machine.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settleInterruptedSitePushes } from "@/lib/services/sites";
import { linuxDevice, PROVIDERS, routerOsDevice, setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";

/** A loopback port nothing listens on: a connection is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const node = (device: string, nodeId: number) => ({ device, role: "vip-node", interface: "eth0", address: `10.20.0.${nodeId}`, nodeId });
const vipSite = (members: unknown[], extra: Record<string, unknown> = {}) => ({ kind: "shared-vip", vip: "10.20.0.100", members, ...extra });

describe.each(PROVIDERS)("[sites] on %s", (provider) => {
  let app: AppEnvironment;
  let admin: ApiClient;
  let operator: ApiClient;
  let viewer: ApiClient;
  let nodes: string[];
  let routerId: string;

  beforeAll(async () => {
    app = await startAppEnvironment(provider);
    admin = await setupAdmin(app);
    operator = await userWithRole(app, admin, "operator");
    viewer = await userWithRole(app, admin, "viewer");
    nodes = [];
    for (const name of ["web-1", "web-2", "web-3", "web-4"]) {
      const created = await admin.post("/devices", linuxDevice({ name, host: "127.0.0.1", port: await closedPort() }));
      expect(created.status, created.text).toBe(201);
      nodes.push(created.json.id);
    }
    const router = await admin.post("/devices", routerOsDevice({ name: "edge-router", host: "127.0.0.1", port: await closedPort() }));
    expect(router.status, router.text).toBe(201);
    routerId = router.json.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  describe("[sites] saving", () => {
    let siteId: string;

    it("saves a site with its members (operator), readable by viewers, refused to viewers", async () => {
      const intent = vipSite([node(nodes[0]!, 1), node(nodes[1]!, 2), node(nodes[2]!, 3)]);
      expect((await viewer.post("/sites", { name: "web", intent })).status).toBe(403);
      const created = await operator.post("/sites", { name: "web", description: "the web VIP", intent });
      expect(created.status, created.text).toBe(201);
      siteId = created.json.id;
      expect(created.json).toMatchObject({ name: "web", kind: "shared-vip", revision: 1, lastPush: null, intent: { buckets: 64, hash: "source" } });
      expect(created.json.members.map((m: { deviceName: string; leaving: boolean; applied: unknown }) => [m.deviceName, m.leaving, m.applied])).toEqual([
        ["web-1", false, null],
        ["web-2", false, null],
        ["web-3", false, null],
      ]);
      expect((await viewer.get(`/sites/${siteId}`)).json.name).toBe("web");
      expect((await viewer.get("/sites")).json.map((s: { name: string }) => s.name)).toEqual(["web"]);
      expect((await viewer.post(`/sites/${siteId}/plan`, {})).status).toBe(403);
      expect((await viewer.post(`/sites/${siteId}/pushes`, { reason: "x" })).status).toBe(403);
    });

    it("refuses bad input in words, naming the field, and saves nothing", async () => {
      const badVip = await operator.post("/sites", { name: "bad", intent: vipSite([node(nodes[0]!, 1), node(nodes[1]!, 2)], { vip: "10.20.0.300" }) });
      expect(badVip.status).toBe(422);
      expect(badVip.json.error.message).toMatch(/intent\.vip/);
      const twice = await operator.post("/sites", { name: "bad", intent: vipSite([node(nodes[0]!, 1), { ...node(nodes[1]!, 2), nodeId: 1 }]) });
      expect(twice.status).toBe(422);
      expect(twice.json.error.message).toMatch(/two nodes have node number 1/);
      const unknown = await operator.post("/sites", { name: "bad", intent: vipSite([node(nodes[0]!, 1), node("no-such-device", 2)]) });
      expect(unknown.status).toBe(422);
      expect(unknown.json.error.message).toMatch(/members\.1\.device: there is no device with id "no-such-device"/);
      const badName = await operator.post("/sites", { name: "Web Site", intent: vipSite([node(nodes[0]!, 1), node(nodes[1]!, 2)]) });
      expect(badName.status).toBe(422);
      expect(badName.json.error.message).toMatch(/name/);
      const sameName = await operator.post("/sites", { name: "web", intent: vipSite([node(nodes[3]!, 1), node(routerId, 2)], { heartbeat: { port: 7000 } }) });
      expect(sameName.status).toBe(409);
      expect(sameName.json.error.message).toBe('a site named "web" already exists');
      expect((await viewer.get("/sites")).json).toHaveLength(1);
    });

    it("refuses a device another site already uses the same way, and allows it otherwise", async () => {
      const clash = await operator.post("/sites", { name: "api", intent: vipSite([node(nodes[0]!, 1), node(nodes[3]!, 2)], { vip: "10.20.0.200" }) });
      expect(clash.status).toBe(409);
      expect(clash.json.error.message).toMatch(/device "web-1" cannot be a vip-node here: it is already a node of site "web" with heartbeat port 7946/);
      const apart = await operator.post("/sites", {
        name: "api",
        intent: vipSite([node(nodes[0]!, 1), node(nodes[3]!, 2)], { vip: "10.20.0.200", heartbeat: { port: 7947 } }),
      });
      expect(apart.status, apart.text).toBe(201);
      expect((await operator.delete(`/sites/${apart.json.id}`)).status).toBe(200);
    });

    it("saves edits as new revisions, keeping members in step and refusing a stale base", async () => {
      const site = (await viewer.get(`/sites/${siteId}`)).json;
      const intent = { ...site.intent, members: [site.intent.members[0], site.intent.members[1], node(routerId, 4)] };
      const saved = await operator.put(`/sites/${siteId}`, { intent, baseRevision: 1 });
      expect(saved.status, saved.text).toBe(200);
      expect(saved.json.revision).toBe(2);
      expect(saved.json.members.map((m: { deviceName: string; deviceKind: string }) => [m.deviceName, m.deviceKind])).toEqual([
        ["web-1", "linux"],
        ["web-2", "linux"],
        ["edge-router", "routeros"],
      ]);
      expect(await app.db.siteMember.count({ where: { siteId } })).toBe(3);
      const stale = await operator.put(`/sites/${siteId}`, { intent, baseRevision: 1 });
      expect(stale.status).toBe(409);
      expect(stale.json.error.message).toMatch(/someone saved revision 2 since you started editing revision 1/);
      const back = await operator.put(`/sites/${siteId}`, { intent: site.intent, description: "three nodes", baseRevision: 2 });
      expect(back.json).toMatchObject({ revision: 3, description: "three nodes" });
      expect(back.json.members.map((m: { deviceName: string }) => m.deviceName)).toEqual(["web-1", "web-2", "web-3"]);
    });

    it("keeps a device that left while its plan is on it, as leaving, until a push takes it off", async () => {
      // As a confirmed push would have left it: web-3 runs the site's plan.
      await app.db.siteMember.update({
        where: { siteId_deviceId: { siteId, deviceId: nodes[2]! } },
        data: { appliedPlan: "{}", appliedHash: "h3", confirmedAt: new Date() },
      });
      const site = (await viewer.get(`/sites/${siteId}`)).json;
      const twoNodes = { ...site.intent, members: site.intent.members.slice(0, 2) };
      const saved = await operator.put(`/sites/${siteId}`, { intent: twoNodes });
      expect(saved.json.members.map((m: { deviceName: string; leaving: boolean }) => [m.deviceName, m.leaving])).toEqual([
        ["web-1", false],
        ["web-2", false],
        ["web-3", true],
      ]);
    });

    it("refuses to delete a site still on a device, and a device that is a site's member", async () => {
      const refused = await operator.delete(`/sites/${siteId}`);
      expect(refused.status).toBe(412);
      expect(refused.json.error.message).toBe('site "web" is still on web-3: take the site off its devices first');
      const device = await admin.delete(`/devices/${nodes[0]}`);
      expect(device.status).toBe(409);
      expect(device.json.error.message).toMatch(/device "web-1" is a member of site "web"/);
      await app.db.siteMember.update({
        where: { siteId_deviceId: { siteId, deviceId: nodes[2]! } },
        data: { appliedPlan: null, appliedHash: null, confirmedAt: null },
      });
    });
  });

  describe("[sites] pushes", () => {
    let siteId: string;

    beforeAll(async () => {
      const created = await operator.post("/sites", {
        name: "silent",
        intent: vipSite([node(nodes[3]!, 1), node(routerId, 2)], { vip: "10.30.0.100", heartbeat: { port: 7950 } }),
      });
      expect(created.status, created.text).toBe(201);
      siteId = created.json.id;
    });

    it("ends with each device's reason when none answers, and frees every device", async () => {
      const started = await operator.post(`/sites/${siteId}/pushes`, { reason: "first push" });
      expect(started.status, started.text).toBe(201);
      const push = (await viewer.get(`/sites/${siteId}/pushes/${started.json.pushId}?wait=60`)).json;
      expect(push).toMatchObject({ status: "failed", reason: "first push", revision: 1, actor: "operator-user" });
      expect(push.detail).toMatch(/^0 of 2 devices confirmed; web-4 failed: unreachable: .*; edge-router failed: unreachable: /);
      expect(push.members[0].steps[0]).toMatchObject({ step: "inspect", status: "failed" });
      expect(typeof push.members[0].steps[0].atMs).toBe("number");
      expect(await app.db.deviceLock.count()).toBe(0);
      expect((await viewer.get(`/sites/${siteId}/pushes`)).json.map((p: { id: string }) => p.id)).toEqual([started.json.pushId]);
      expect((await viewer.get(`/sites/${siteId}`)).json.lastPush.id).toBe(started.json.pushId);
    });

    it("refuses a member whose device is busy with another push, saying so", async () => {
      await app.db.deviceLock.create({ data: { deviceId: nodes[3]!, pushId: "another-push" } });
      try {
        const started = await operator.post(`/sites/${siteId}/pushes`, { reason: "" });
        const push = (await viewer.get(`/sites/${siteId}/pushes/${started.json.pushId}?wait=60`)).json;
        expect(push.members[0]).toMatchObject({ deviceName: "web-4", status: "refused" });
        expect(push.members[0].reason).toMatch(/^busy: a push \(or a failover drill\) on this device is already in flight/);
        expect(push.members[1]).toMatchObject({ deviceName: "edge-router", status: "failed" });
        expect(push.status).toBe("failed");
        expect(await app.db.deviceLock.findMany()).toEqual([expect.objectContaining({ deviceId: nodes[3], pushId: "another-push" })]);
      } finally {
        await app.db.deviceLock.delete({ where: { deviceId: nodes[3]! } });
      }
    });

    it("refuses a push of a revision nobody reviewed, and a removal with nothing on the devices", async () => {
      const stale = await operator.post(`/sites/${siteId}/pushes`, { reason: "", revision: 7 });
      expect(stale.status).toBe(409);
      expect(stale.json.error.message).toMatch(/the site is at revision 1, not 7/);
      const removal = await operator.post(`/sites/${siteId}/removal`, { reason: "" });
      expect(removal.status).toBe(412);
      expect(removal.json.error.message).toBe('nothing of site "silent" is on any device');
    });

    it("reads the state of members never pushed without asking their devices", async () => {
      const state = await viewer.get(`/sites/${siteId}/state`);
      expect(state.status, state.text).toBe(200);
      expect(state.json.members.map((m: { deviceName: string; status: string; rates: object }) => [m.deviceName, m.status, m.rates])).toEqual([
        ["web-4", "not_pushed", {}],
        ["edge-router", "not_pushed", {}],
      ]);
    });

    it("settles a push a stopped dashboard left running, saying what happened, without asking the devices", async () => {
      const startedAt = new Date(Date.now() - 60_000);
      await app.db.sitePush.create({
        data: {
          id: "lost-push",
          siteId,
          revision: 1,
          actor: "operator-user",
          status: "running",
          startedAt,
          members: {
            create: [
              {
                deviceId: nodes[3]!,
                role: "vip-node",
                plan: "{}",
                planHash: "",
                status: "running",
                steps: JSON.stringify([{ step: "apply", status: "running", at: startedAt.toISOString() }]),
              },
              { deviceId: routerId, role: "vip-node", plan: "{}", planHash: "", status: "refused", reason: "busy: another push" },
            ],
          },
        },
      });
      await app.db.deviceLock.create({ data: { deviceId: nodes[3]!, pushId: "lost-push", claimedAt: startedAt } });
      expect(await settleInterruptedSitePushes(app.db)).toBe(1);
      const push = (await viewer.get(`/sites/${siteId}/pushes/lost-push`)).json;
      expect(push.status).toBe("failed");
      expect(push.detail).toBe(
        "0 of 2 devices confirmed; web-4 failed: the dashboard stopped mid-push; the device rolled itself back unless it confirmed; edge-router refused: busy: another push",
      );
      expect(push.members[0].steps.map((s: { step: string; status: string }) => `${s.step}:${s.status}`)).toEqual(["apply:running", "settle:failed"]);
      expect(await app.db.deviceLock.count()).toBe(0);
      expect(await settleInterruptedSitePushes(app.db)).toBe(0);
    });

    it("records every change in the audit log under the site's name", async () => {
      const events = (await admin.get("/audit")).json as { action: string; targetName: string | null; outcome: string }[];
      expect(events.find((e) => e.action === "site.create" && e.outcome === "ok")?.targetName).toBeTruthy();
      expect(events.some((e) => e.action === "site.push" && e.targetName === "silent")).toBe(true);
      expect(events.some((e) => e.action === "site.push.finish" && e.targetName === "silent")).toBe(true);
    });
  });
});
