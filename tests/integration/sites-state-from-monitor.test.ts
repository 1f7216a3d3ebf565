// GET /sites/{id}/state answers from the site monitor while its last poll of the site's pushed members is fresh, so
// an open site list (which asks for every pushed site) never logs into a device beside the monitor; once that poll is
// older than two intervals, or covers other members than those with a plan, the members are read at once.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSite, type SiteLive, ZSiteIntent } from "@/lib/domain/site";
import { siteBus } from "@/lib/live/bus";
import { linuxDevice, setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";

let app: AppEnvironment;
let viewer: ApiClient;
let siteId = "";
const ids: string[] = [];

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  const admin = await setupAdmin(app);
  viewer = await userWithRole(app, admin, "viewer");
  for (const name of ["web-1", "web-2"]) {
    const created = await admin.post("/devices", linuxDevice({ name, host: "127.0.0.1", port: await closedPort() }));
    expect(created.status, created.text).toBe(201);
    ids.push(created.json.id);
  }
  const intent = ZSiteIntent.parse({
    kind: "shared-vip",
    vip: "192.0.2.10",
    members: ids.map((device, i) => ({ device, role: "vip-node", interface: "eth1", address: `192.0.2.${11 + i}`, nodeId: i + 1 })),
  });
  const created = await admin.post("/sites", { name: "web", intent });
  expect(created.status, created.text).toBe(201);
  siteId = created.json.id;
  // As a confirmed push leaves them: each member's plan applied on its device.
  const plan = compileSite("web", intent, new Map(ids.map((id, i) => [id, { id, name: `web-${i + 1}`, capabilities: null }])));
  for (const member of plan.members) {
    expect(member.plan, JSON.stringify(member.warnings)).not.toBeNull();
    await app.db.siteMember.update({
      where: { siteId_deviceId: { siteId, deviceId: member.device } },
      data: { appliedPlan: JSON.stringify(member.plan), appliedHash: `sha256:${member.device}`, confirmedAt: new Date() },
    });
  }
});
afterAll(async () => {
  await app?.close();
});

function monitorPoll(atMs: number, devices: string[]): SiteLive {
  return {
    siteId,
    name: "web",
    kind: "shared-vip",
    atMs,
    seq: 1,
    polledBy: "instance-a",
    intervalMs: 2_000,
    members: devices.map((device, i) => ({
      device,
      deviceName: `web-${i + 1}`,
      role: "vip-node",
      status: "unreachable",
      problem: "the monitor's own words",
      reading: null,
      rates: {},
      nextAttemptAt: atMs + 4_000,
    })),
    summary: ["from the monitor"],
  };
}

describe("[sites] the state read and the site monitor", () => {
  it("answers from the monitor's fresh poll without asking the devices", async () => {
    siteBus().publish(monitorPoll(Date.now(), ids));
    const state = await viewer.get(`/sites/${siteId}/state`);
    expect(state.status, state.text).toBe(200);
    expect(state.json.polledBy).toBe("instance-a");
    expect(state.json.summary).toEqual(["from the monitor"]);
  });

  it("reads the devices when the monitor's poll is older than two intervals", async () => {
    siteBus().publish({ ...monitorPoll(Date.now() - 10_000, ids), seq: 2 });
    const state = await viewer.get(`/sites/${siteId}/state`);
    expect(state.status, state.text).toBe(200);
    expect(state.json.polledBy).toBe("one-off read");
    expect(state.json.members.map((m: { status: string }) => m.status)).toEqual(["unreachable", "unreachable"]);
  });

  it("reads the devices when the monitor's poll covers other members than those with a plan", async () => {
    siteBus().publish({ ...monitorPoll(Date.now(), ids.slice(0, 1)), seq: 3 });
    const state = await viewer.get(`/sites/${siteId}/state`);
    expect(state.json.polledBy).toBe("one-off read");
  });
});
