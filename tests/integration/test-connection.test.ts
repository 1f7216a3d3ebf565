// POST /devices/{id}/test-connection end to end against the RouterOS simulator on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRouterOsSimulator, type RouterOsSimulator } from "@/simulator/routeros";
import { routerOsDevice, setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";

const ROUTER_PASSWORD = "S3cret-Router-Pass!";

let app: AppEnvironment;
let admin: ApiClient;
let operator: ApiClient;
let simulator: RouterOsSimulator;

beforeAll(async () => {
  simulator = await startRouterOsSimulator({
    host: "127.0.0.1",
    port: 0,
    version: "7.16.2",
    identity: "lab-core",
    boardName: "CCR2004-1G-12S+2XS",
    users: [{ name: "waymark", password: ROUTER_PASSWORD }],
  });
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator", "198.51.100.60");
});
afterAll(async () => {
  await simulator?.close();
  await app?.close();
});

async function addRouter(name: string, password: string): Promise<string> {
  const reply = await admin.post("/devices", routerOsDevice({ name, host: "127.0.0.1", port: simulator.port, username: "waymark", password }));
  expect(reply.status).toBe(201);
  return reply.json.id as string;
}

describe("test-connection on a MikroTik router", () => {
  it("reports reachable with identity, model and version, and stores them on the device", async () => {
    const id = await addRouter("sim-good", ROUTER_PASSWORD);
    const reply = await operator.post(`/devices/${id}/test-connection`);
    expect(reply.status).toBe(200);
    expect(reply.json.check).toMatchObject({ status: "reachable", identity: "lab-core", model: "CCR2004-1G-12S+2XS" });
    expect(reply.json.check.version).toContain("7.16.2");
    expect(reply.json.device).toMatchObject({ identity: "lab-core", model: "CCR2004-1G-12S+2XS", lastCheck: { status: "reachable", message: null } });
    expect(reply.text).not.toContain(ROUTER_PASSWORD);

    const stored = (await admin.get(`/devices/${id}`)).json;
    expect(stored).toMatchObject({ identity: "lab-core", model: "CCR2004-1G-12S+2XS", version: reply.json.check.version });
    expect(stored.lastCheck.at).toEqual(expect.any(String));
  });

  it("reports auth_failed for a wrong password, without leaking either password", async () => {
    await app.db.device.deleteMany({ where: { name: "sim-good" } }); // one device per host and port
    const id = await addRouter("sim-bad-password", "not-the-router-password");
    const reply = await operator.post(`/devices/${id}/test-connection`);
    expect(reply.status).toBe(200);
    expect(reply.json.check.status).toBe("auth_failed");
    expect(reply.json.check.message).toEqual(expect.any(String));
    expect(reply.json.device).toMatchObject({ identity: null, model: null, version: null, lastCheck: { status: "auth_failed" } });
    expect(reply.text).not.toContain("not-the-router-password");
    expect(reply.text).not.toContain(ROUTER_PASSWORD);
  });

  it("reports unreachable when nothing listens", async () => {
    const id = (await admin.post("/devices", routerOsDevice({ name: "sim-closed", host: "127.0.0.1", port: 9 }))).json.id;
    const reply = await operator.post(`/devices/${id}/test-connection`);
    expect(reply.json.check.status).toBe("unreachable");
  });

  it("audits each check with the operator as actor, and 404s for an unknown device", async () => {
    expect((await operator.post("/devices/no-such-device/test-connection")).status).toBe(404);
    const events = (await admin.get("/audit?limit=500")).json as Array<Record<string, unknown>>;
    const checks = events.filter((e) => e.action === "device.test-connection");
    expect(checks).toHaveLength(4);
    expect(checks.every((e) => e.actorName === "operator-user" && e.ip === "198.51.100.60")).toBe(true);
    expect(checks.filter((e) => e.outcome === "ok")).toHaveLength(3);
    expect(checks.filter((e) => e.outcome === "invalid")).toHaveLength(1);
  });
});
