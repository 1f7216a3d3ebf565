// Moving a device (host, port, RouterOS transport) needs its credentials in the same request. Before, an admin
// token could point a device at a listener of its own and press Test connection: the stored password went there.
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linuxDevice, PROVIDERS, routerOsDevice, setupAdmin, startAppEnvironment, type ApiClient, type AppEnvironment } from "./support";

const STORED_PASSWORD = "stored-router-secret";

/** A TCP listener on 127.0.0.1 that keeps every byte it is sent. */
async function recordingListener(): Promise<{ port: number; received: () => string; close: () => Promise<void> }> {
  const chunks: Buffer[] = [];
  const server: Server = createServer((socket) => {
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("listener has no port");
  return {
    port: address.port,
    received: () => Buffer.concat(chunks).toString("latin1"),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.each(PROVIDERS)("moving a device on %s", (provider) => {
  let app: AppEnvironment;
  let admin: ApiClient;

  beforeAll(async () => {
    app = await startAppEnvironment(provider);
    admin = await setupAdmin(app);
  });
  afterAll(async () => app?.close());

  it("a new host or port without the password is refused with 422, and the stored password never reaches the new address", async () => {
    const listener = await recordingListener();
    try {
      const created = await admin.post("/devices", routerOsDevice({ name: "router-to-move", host: "127.0.0.1", port: 9, password: STORED_PASSWORD }));
      expect(created.status).toBe(201);
      const id = created.json.id as string;

      const moved = await admin.patch(`/devices/${id}`, { port: listener.port });
      expect(moved.status).toBe(422);
      expect(moved.json.error.message).toMatch(/changing the port needs the device's password again/);
      expect(moved.json.error.details).toEqual([{ path: "password", message: "enter it again: the address changed" }]);
      expect((await admin.get(`/devices/${id}`)).json).toMatchObject({ host: "127.0.0.1", port: 9, updatedAt: created.json.updatedAt });

      const check = await admin.post(`/devices/${id}/test-connection`);
      expect(check.json.check.status).toBe("unreachable");
      expect(listener.received()).not.toContain(STORED_PASSWORD);
      expect(listener.received()).toBe("");
    } finally {
      await listener.close();
    }
  });

  it.each([
    ["host", { host: "192.0.2.77" }],
    ["transport", { transport: "tls-anon" }],
    ["host and port", { host: "192.0.2.78", port: 8729 }],
  ])("changing the %s of a MikroTik router without its password changes nothing", async (what, changes) => {
    const id = (await admin.post("/devices", routerOsDevice({ name: `router-${what}`, host: "192.0.2.50", password: STORED_PASSWORD }))).json.id;
    const before = (await admin.get(`/devices/${id}`)).json;
    const reply = await admin.patch(`/devices/${id}`, { ...changes, comment: "moved" });
    expect(reply.status).toBe(422);
    expect(reply.json.error.message).toContain(`changing the ${what} needs the device's password again`);
    expect((await admin.get(`/devices/${id}`)).json).toEqual(before);
    await admin.delete(`/devices/${id}`);
  });

  it("with the password in the same request the move is saved; unchanged address fields need no password", async () => {
    const id = (await admin.post("/devices", routerOsDevice({ name: "router-moved", host: "192.0.2.51", password: STORED_PASSWORD }))).json.id;
    const same = await admin.patch(`/devices/${id}`, { host: "192.0.2.51", port: 8728, transport: "plain", comment: "same place" });
    expect(same.status).toBe(200);
    const moved = await admin.patch(`/devices/${id}`, { host: "192.0.2.52", port: 8729, transport: "tls", password: "new-router-secret" });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ host: "192.0.2.52", port: 8729, transport: "tls", comment: "same place" });
  });

  it("a Linux gateway's new address needs its password or key; the pinned host key is forgotten on the move", async () => {
    const id = (await admin.post("/devices", linuxDevice({ name: "gateway-to-move", host: "192.0.2.60" }))).json.id;
    await app.db.device.update({ where: { id }, data: { hostKeyAlgorithm: "ssh-ed25519", hostKeyFingerprint: `SHA256:${"A".repeat(43)}` } });

    const refused = await admin.patch(`/devices/${id}`, { port: 2200 });
    expect(refused.status).toBe(422);
    expect(refused.json.error.message).toContain("changing the port needs the device's password or key again");
    expect(refused.json.error.details).toEqual([{ path: "auth.password", message: "enter it again: the address changed" }]);
    expect((await admin.get(`/devices/${id}`)).json).toMatchObject({ port: 2222, hostKey: { algorithm: "ssh-ed25519" } });

    const moved = await admin.patch(`/devices/${id}`, { port: 2200, auth: { method: "password", password: "linux-password" } });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ port: 2200, hostKey: null });
  });
});
