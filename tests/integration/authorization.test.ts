// Roles, tokens and the guard rails around the last admin and first-run setup.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, routerOsDevice, setupAdmin, startAppEnvironment, tableCounts, userWithRole, type ApiClient, type AppEnvironment } from "./support";

let app: AppEnvironment;
let admin: ApiClient;
let viewer: ApiClient;
let operator: ApiClient;
let deviceId: string;

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  viewer = await userWithRole(app, admin, "viewer", "198.51.100.31");
  operator = await userWithRole(app, admin, "operator", "198.51.100.32");
  // Port 9 on loopback: nothing listens, so a connection check finishes quickly as "unreachable".
  deviceId = (await admin.post("/devices", routerOsDevice({ host: "127.0.0.1", port: 9 }))).json.id;
});
afterAll(async () => {
  await app?.close();
});

function expectForbidden(reply: { status: number; json: any }) {
  expect(reply.status).toBe(403);
  expect(reply.json.error).toMatchObject({ code: "forbidden", message: expect.any(String) });
}

describe("viewer", () => {
  it("reads devices but cannot add, edit, delete or test them", async () => {
    expect((await viewer.get("/devices")).status).toBe(200);
    expect((await viewer.get(`/devices/${deviceId}`)).status).toBe(200);
    const before = await tableCounts(app.db);
    expectForbidden(await viewer.post("/devices", routerOsDevice({ name: "viewer-made" })));
    expectForbidden(await viewer.patch(`/devices/${deviceId}`, { name: "renamed" }));
    expectForbidden(await viewer.delete(`/devices/${deviceId}`));
    expectForbidden(await viewer.post(`/devices/${deviceId}/test-connection`));
    expect((await tableCounts(app.db)).devices).toBe(before.devices);
    expect((await admin.get(`/devices/${deviceId}`)).json.name).toBe("core-router");
  });

  it("cannot see users, tokens or the audit log", async () => {
    for (const path of ["/users", "/tokens", "/audit"]) expectForbidden(await viewer.get(path));
  });
});

describe("operator", () => {
  it("can test a device's connection", async () => {
    const reply = await operator.post(`/devices/${deviceId}/test-connection`);
    expect(reply.status).toBe(200);
    expect(reply.json.check.status).toBe("unreachable");
    expect(reply.json.device.lastCheck).toMatchObject({ status: "unreachable" });
  });

  it("cannot create, edit or delete devices, nor manage users and tokens", async () => {
    expectForbidden(await operator.post("/devices", routerOsDevice({ name: "operator-made" })));
    expectForbidden(await operator.patch(`/devices/${deviceId}`, { comment: "mine now" }));
    expectForbidden(await operator.delete(`/devices/${deviceId}`));
    expectForbidden(await operator.post("/users", { username: "sneaky", password: "sneaky-password", role: "admin" }));
    expectForbidden(await operator.post("/tokens", { name: "t", role: "operator" }));
    expect(await app.db.device.count()).toBe(1);
  });
});

describe("API tokens", () => {
  it("a viewer-role token reads but is refused every write", async () => {
    const token = (await admin.post("/tokens", { name: "read-only", role: "viewer" })).json.token as string;
    const bearer = app.client("198.51.100.40").withToken(token);
    expect((await bearer.get("/devices")).status).toBe(200);
    expect((await bearer.get("/me")).json).toMatchObject({ username: "admin", role: "viewer" });
    expectForbidden(await bearer.post("/devices", routerOsDevice({ name: "token-made" })));
    expectForbidden(await bearer.delete(`/devices/${deviceId}`));
    expectForbidden(await bearer.post(`/devices/${deviceId}/test-connection`));
    expectForbidden(await bearer.post("/tokens", { name: "escalate", role: "admin" }));
    expectForbidden(await bearer.get("/users"));
    expect(await app.db.device.count()).toBe(1);
  });

  it("a token never acts above its owner's current role", async () => {
    const second = await userWithRole(app, admin, "admin", "198.51.100.41");
    const secondId = (await second.get("/me")).json.id as string;
    const token = (await second.post("/tokens", { name: "second-admin", role: "admin" })).json.token as string;
    const bearer = app.client().withToken(token);
    expect((await bearer.get("/users")).status).toBe(200);
    expect((await admin.patch(`/users/${secondId}`, { role: "viewer" })).status).toBe(200);
    expect((await bearer.get("/me")).json.role).toBe("viewer");
    expectForbidden(await bearer.get("/users"));
    expect((await admin.delete(`/users/${secondId}`)).status).toBe(200);
    expect((await bearer.get("/me")).status).toBe(401);
  });

  it("a token must carry a known role", async () => {
    const reply = await admin.post("/tokens", { name: "bad-role", role: "root" });
    expect(reply.status).toBe(422);
    expect(reply.json.error.message).toContain("role");
  });
});

describe("the last admin", () => {
  it("cannot be deleted or demoted", async () => {
    const adminId = (await admin.get("/me")).json.id as string;
    expect(await app.db.user.count({ where: { role: "admin" } })).toBe(1);
    const deleted = await admin.delete(`/users/${adminId}`);
    expect(deleted.status).toBe(412);
    expect(deleted.json.error.code).toBe("precondition_failed");
    const demoted = await admin.patch(`/users/${adminId}`, { role: "operator" });
    expect(demoted.status).toBe(412);
    expect(demoted.json.error.message).toMatch(/last admin/);
    expect(await app.db.user.findUnique({ where: { id: adminId } })).toMatchObject({ role: "admin" });
  });

  it("with a second admin, one may be demoted, and then the remaining one is protected again", async () => {
    const deputy = await userWithRole(app, admin, "admin", "198.51.100.42");
    const adminId = (await admin.get("/me")).json.id as string;
    const deputyId = (await deputy.get("/me")).json.id as string;
    expect((await deputy.patch(`/users/${adminId}`, { role: "operator" })).status).toBe(200);
    const self = await deputy.patch(`/users/${deputyId}`, { role: "viewer" });
    expect(self.status).toBe(412);
    expect((await deputy.delete(`/users/${deputyId}`)).status).toBe(412);
    expect((await deputy.patch(`/users/${adminId}`, { role: "admin" })).status).toBe(200);
    expect((await admin.delete(`/users/${deputyId}`)).status).toBe(200);
  });
});

describe("first-run setup", () => {
  it("a second /auth/setup is refused with 409 and creates nothing", async () => {
    const before = await tableCounts(app.db);
    const again = await app.client("198.51.100.50").setup("intruder", "intruder-password");
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("conflict");
    expect(again.headers.getSetCookie()).toEqual([]);
    const after = await tableCounts(app.db);
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 });
    expect(await app.db.user.findUnique({ where: { username: "intruder" } })).toBeNull();
    expect((await app.client().login(ADMIN.username, ADMIN.password)).status).toBe(200);
  });
});

describe("CSRF", () => {
  it("a session write without the session's CSRF token is refused", async () => {
    const wrong = await admin.post("/devices", routerOsDevice({ name: "csrf-1" }), { headers: { "x-csrf-token": "forged" } });
    expectForbidden(wrong);
    const crossSite = await admin.post("/devices", routerOsDevice({ name: "csrf-2" }), { headers: { origin: "https://evil.example" } });
    expectForbidden(crossSite);
    expect(await app.db.device.count({ where: { name: { startsWith: "csrf" } } })).toBe(0);
  });
});
