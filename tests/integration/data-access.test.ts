// The whole data path, through the real route handlers, against both database providers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMigrations, migrate } from "@/lib/db/migrate";
import { ADMIN, linuxDevice, privateKeyPem, PROVIDERS, routerOsDevice, startAppEnvironment, type ApiClient, type AppEnvironment } from "./support";

const ADMIN_IP = "203.0.113.5";
const ROLES = ["viewer", "operator", "admin"] as const;

describe.each(PROVIDERS)("data access on %s", (provider) => {
  let app: AppEnvironment;
  let admin: ApiClient;
  const users: Record<string, { id: string; client: ApiClient }> = {};
  const deviceIds: Record<string, string> = {};

  beforeAll(async () => {
    app = await startAppEnvironment(provider);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("migrate applies every committed migration once, in order, and a second run applies nothing", async () => {
    const names = loadMigrations(provider).map((m) => m.name);
    expect(names[0]).toBe("0001_init");
    expect(app.firstMigration).toEqual({ applied: names, alreadyApplied: 0 });
    expect(await migrate(app.databaseUrl)).toEqual({ applied: [], alreadyApplied: names.length });
    expect(await migrate(app.databaseUrl)).toEqual({ applied: [], alreadyApplied: names.length });
  });

  it("first-run setup creates the admin and signs them in", async () => {
    admin = app.client(ADMIN_IP);
    expect((await admin.get("/auth/status")).json).toEqual({ needsSetup: true, user: null });
    const setup = await admin.setup(ADMIN.username, ADMIN.password);
    expect(setup.status).toBe(201);
    expect(setup.json.user).toMatchObject({ username: "admin", role: "admin" });
    expect(setup.json.csrfToken).toEqual(expect.any(String));
    expect(admin.cookie).toBeTruthy();
    expect((await admin.get("/auth/status")).json).toMatchObject({ needsSetup: false, user: { username: "admin" } });
  });

  it("login opens a second, independent session; wrong passwords are refused", async () => {
    const second = app.client(ADMIN_IP);
    expect((await second.login(ADMIN.username, "not-the-password")).status).toBe(401);
    const login = await second.login(ADMIN.username, ADMIN.password);
    expect(login.status).toBe(200);
    expect(second.cookie).not.toBe(admin.cookie);
    expect((await second.get("/me")).json).toMatchObject({ username: "admin", role: "admin" });
    expect((await second.post("/auth/logout")).status).toBe(200);
    expect((await second.get("/me")).status).toBe(401);
    expect((await admin.get("/me")).status).toBe(200);
  });

  it("creates users with each role, who can then sign in", async () => {
    for (const role of ROLES) {
      const username = `${role}-1`;
      const created = await admin.post("/users", { username, password: `${role}-password-1`, role });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ username, role });
      expect(created.json).not.toHaveProperty("passwordHash");
      const client = app.client(`198.51.100.${ROLES.indexOf(role) + 20}`);
      expect((await client.login(username, `${role}-password-1`)).status).toBe(200);
      expect((await client.get("/me")).json).toMatchObject({ username, role });
      users[role] = { id: created.json.id, client };
    }
    expect((await admin.post("/users", { username: "viewer-1", password: "another-password", role: "viewer" })).status).toBe(409);
    const list = await admin.get("/users");
    expect(list.json.map((u: { username: string; role: string }) => `${u.username}:${u.role}`)).toEqual([
      "admin:admin",
      "admin-1:admin",
      "operator-1:operator",
      "viewer-1:viewer",
    ]);
  });

  it("changes a user's role and deletes a user", async () => {
    const promoted = await admin.patch(`/users/${users.viewer!.id}`, { role: "operator" });
    expect(promoted.json).toMatchObject({ role: "operator" });
    expect((await users.viewer!.client.get("/me")).json.role).toBe("operator");
    expect((await admin.patch(`/users/${users.viewer!.id}`, { role: "viewer" })).status).toBe(200);
    expect((await admin.delete(`/users/${users.admin!.id}`)).status).toBe(200);
    expect((await admin.delete(`/users/${users.admin!.id}`)).status).toBe(404);
  });

  it("creates, lists, reads, updates and deletes devices of both kinds and auth methods", async () => {
    const router = await admin.post("/devices", routerOsDevice());
    expect(router.status).toBe(201);
    expect(router.json).toMatchObject({ kind: "routeros", port: 8728, transport: "plain", authMethod: null, comment: "" });
    const linuxPassword = await admin.post("/devices", linuxDevice());
    expect(linuxPassword.json).toMatchObject({ kind: "linux", port: 2222, transport: null, authMethod: "password" });
    const linuxKey = await admin.post(
      "/devices",
      linuxDevice({
        name: "key-gateway",
        host: "2001:db8::1",
        port: undefined,
        auth: { method: "key", privateKey: privateKeyPem("key-passphrase"), passphrase: "key-passphrase" },
      }),
    );
    expect(linuxKey.status).toBe(201);
    expect(linuxKey.json).toMatchObject({ port: 22, authMethod: "key", host: "2001:db8::1" });
    Object.assign(deviceIds, { router: router.json.id, linuxPassword: linuxPassword.json.id, linuxKey: linuxKey.json.id });

    expect((await admin.post("/devices", routerOsDevice())).status).toBe(409);
    const list = await users.viewer!.client.get("/devices");
    expect(list.status).toBe(200);
    expect(list.json.map((d: { name: string }) => d.name)).toEqual(["core-router", "edge-gateway", "key-gateway"]);
    expect((await users.viewer!.client.get(`/devices/${deviceIds.router}`)).json).toEqual(router.json);

    const renamed = await admin.patch(`/devices/${deviceIds.router}`, {
      name: "core-router-2",
      comment: "rack 4",
      port: 8729,
      transport: "tls",
      password: "router-password",
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ name: "core-router-2", comment: "rack 4", port: 8729, transport: "tls", host: "192.0.2.1" });
    const rekeyed = await admin.patch(`/devices/${deviceIds.linuxPassword}`, { auth: { method: "key", privateKey: privateKeyPem() } });
    expect(rekeyed.json.authMethod).toBe("key");
    expect((await admin.patch(`/devices/${deviceIds.linuxPassword}`, { password: "x" })).status).toBe(422);
    expect((await admin.get(`/devices/${deviceIds.router}`)).json.name).toBe("core-router-2");

    expect((await admin.delete(`/devices/${deviceIds.linuxKey}`)).json).toEqual({ ok: true });
    expect((await admin.get(`/devices/${deviceIds.linuxKey}`)).status).toBe(404);
    expect((await admin.delete(`/devices/${deviceIds.linuxKey}`)).status).toBe(404);
    expect(await app.db.device.count()).toBe(2);
  });

  it("API tokens: created once with their secret, listed without it, work as bearer until revoked", async () => {
    const created = await admin.post("/tokens", { name: "ci", role: "admin", expiresInDays: 30 });
    expect(created.status).toBe(201);
    const { token, id } = created.json as { token: string; id: string };
    expect(token).toMatch(/^wmk_/);
    const viewerToken = (await admin.post("/tokens", { name: "dash", role: "viewer" })).json;

    const list = await admin.get("/tokens");
    expect(list.json).toHaveLength(2);
    expect(list.text).not.toContain(token);
    expect(list.json.find((t: { id: string }) => t.id === id)).toMatchObject({ name: "ci", role: "admin", owner: "admin", revokedAt: null });

    const bearer = app.client("198.51.100.77").withToken(token);
    expect((await bearer.get("/me")).json).toMatchObject({ username: "admin", role: "admin" });
    const viaToken = await bearer.post("/devices", routerOsDevice({ name: "token-router" }));
    expect(viaToken.status).toBe(201);
    deviceIds.viaToken = viaToken.json.id;
    expect((await app.client().withToken(viewerToken.token).get("/devices")).status).toBe(200);

    expect((await admin.delete(`/tokens/${id}`)).status).toBe(200);
    const refused = await bearer.get("/devices");
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe("unauthenticated");
    expect((await admin.get("/tokens")).json.find((t: { id: string }) => t.id === id).revokedAt).toEqual(expect.any(String));
    expect((await admin.delete("/tokens/no-such-token")).status).toBe(404);
    expect((await app.client().withToken("wmk_not-a-real-token").get("/me")).status).toBe(401);
  });

  it("refuses text with NUL or control bytes with 422 (PostgreSQL cannot store NUL; it must never become a 500)", async () => {
    const anonymous = app.client("198.51.100.88");
    const login = await anonymous.login("ad\u0000min", "whatever-password");
    expect(login.status, login.text).toBe(422);
    expect(login.json.error.message).toContain("username");
    const token = await admin.post("/tokens", { name: "ci\u0000x", role: "viewer" });
    expect(token.status, token.text).toBe(422);
    expect(token.json.error.message).toContain("name");
    expect((await admin.post("/devices", routerOsDevice({ name: "nul\u0000name" }))).status).toBe(422);
    // Secrets are sealed or hashed before storage, so any byte is fine in them.
    const odd = await admin.post("/devices", routerOsDevice({ name: "nul-password", password: "a\u0000b" }));
    expect(odd.status).toBe(201);
    expect((await admin.delete(`/devices/${odd.json.id}`)).status).toBe(200);
  });

  it("records one audit event for every state-changing request, with actor, action, target, ip and outcome", async () => {
    // A denied and an invalid request, so all three outcomes are present.
    expect((await users.viewer!.client.post("/devices", routerOsDevice({ name: "viewer-router" }))).status).toBe(403);
    expect((await admin.post("/devices", { ...routerOsDevice({ name: "bad" }), port: 0 })).status).toBe(422);

    expect(await app.db.auditEvent.count()).toBe(app.mutations);
    const events = (await admin.get("/audit?limit=500")).json as Array<Record<string, unknown>>;
    expect(events).toHaveLength(app.mutations);
    expect(events.every((e) => !String(e.action).endsWith(".list") && e.action !== "device.get")).toBe(true);

    expect(events).toContainEqual(
      expect.objectContaining({
        action: "device.create",
        actorType: "user",
        actorName: "admin",
        target: deviceIds.router,
        ip: ADMIN_IP,
        outcome: "ok",
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        action: "device.create",
        actorType: "token",
        actorName: "admin (token ci)",
        target: deviceIds.viaToken,
        ip: "198.51.100.77",
        outcome: "ok",
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        action: "device.create",
        actorName: "viewer-1",
        ip: "198.51.100.20",
        outcome: "denied",
        detail: expect.objectContaining({ status: 403 }),
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        action: "device.create",
        actorName: "admin",
        outcome: "invalid",
        detail: expect.objectContaining({ status: 422 }),
      }),
    );
    expect(events).toContainEqual(expect.objectContaining({ action: "auth.setup", target: "admin", outcome: "ok", actorType: "anonymous" }));
    expect(events).toContainEqual(expect.objectContaining({ action: "auth.login", outcome: "denied", ip: ADMIN_IP }));
    expect(events).toContainEqual(expect.objectContaining({ action: "device.delete", target: deviceIds.linuxKey, outcome: "ok" }));
    expect(events).toContainEqual(expect.objectContaining({ action: "device.update", target: deviceIds.router, outcome: "ok" }));
    expect(events).toContainEqual(expect.objectContaining({ action: "token.revoke", outcome: "ok" }));
    expect(events).toContainEqual(expect.objectContaining({ action: "user.delete", target: users.admin!.id, outcome: "ok" }));
    // Secrets never reach the audit log.
    const all = JSON.stringify(events);
    for (const secret of ["router-password", "linux-password", "admin-password-1", "key-passphrase", "PRIVATE KEY"]) {
      expect(all).not.toContain(secret);
    }
  });
});
