// Linux gateways through the API, against the real sshd in a lab namespace: the host key is pinned on first
// contact, a changed key is refused and parked until an admin accepts exactly that fingerprint.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayLab } from "../../lab";
import { setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";

let app: AppEnvironment;
let admin: ApiClient;
let operator: ApiClient;
let gateway: Awaited<ReturnType<typeof startGatewayLab>>;
let deviceId: string;

beforeAll(async () => {
  gateway = await startGatewayLab({ label: "pinning" });
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator");
  const reply = await admin.post("/devices", {
    kind: "linux",
    name: "gw-pinning",
    host: gateway.host,
    port: gateway.port,
    username: gateway.username,
    auth: { method: "key", privateKey: gateway.encryptedKey, passphrase: gateway.passphrase },
  });
  expect(reply.status).toBe(201);
  deviceId = reply.json.id;
});

afterAll(async () => {
  await app?.close();
  await gateway?.stop();
});

describe("[devices] SSH host key pinning", () => {
  it("pins the key on the first successful contact and reports identity, model and version", async () => {
    const reply = await operator.post(`/devices/${deviceId}/test-connection`);
    expect(reply.json.check).toMatchObject({ status: "reachable", identity: gateway.hostname });
    expect(reply.json.check.version).toMatch(/kernel/);
    expect(reply.json.device.hostKey).toEqual({ algorithm: "ssh-ed25519", fingerprint: gateway.hostKeyFingerprint });
    const audit = (await admin.get("/audit?limit=5")).json as { action: string }[];
    expect(audit.map((e) => e.action)).toContain("device.host-key.pin");
  });

  it("refuses a changed key, keeps the old pin and parks the new key as pending", async () => {
    const pinned = gateway.hostKeyFingerprint;
    await gateway.rotateHostKey();
    const reply = await operator.post(`/devices/${deviceId}/test-connection`);
    expect(reply.json.check.status).toBe("host_key_mismatch");
    expect(reply.json.check.presented.fingerprint).toBe(gateway.hostKeyFingerprint);
    expect(reply.json.device.hostKey.fingerprint).toBe(pinned);
    expect(reply.json.device.pendingHostKey.fingerprint).toBe(gateway.hostKeyFingerprint);
    expect(reply.json.device.identity).toBe(gateway.hostname);
  });

  it("accepts only an admin naming the pending fingerprint, then connects again", async () => {
    const fingerprint = gateway.hostKeyFingerprint;
    expect((await operator.post(`/devices/${deviceId}/accept-host-key`, { fingerprint })).status).toBe(403);
    const wrong = await admin.post(`/devices/${deviceId}/accept-host-key`, { fingerprint: `SHA256:${"A".repeat(43)}` });
    expect(wrong.status).toBe(412);
    const accepted = await admin.post(`/devices/${deviceId}/accept-host-key`, { fingerprint });
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ hostKey: { fingerprint }, pendingHostKey: null });
    const again = await operator.post(`/devices/${deviceId}/test-connection`);
    expect(again.json.check.status).toBe("reachable");
  });

  it("forgets the pin when the device moves to another address", async () => {
    // A move needs the credentials again (they are never sent to a new address unasked).
    const auth = { method: "key", privateKey: gateway.encryptedKey, passphrase: gateway.passphrase };
    const moved = await admin.patch(`/devices/${deviceId}`, { port: 2222, auth });
    expect(moved.json.hostKey).toBeNull();
    await admin.patch(`/devices/${deviceId}`, { port: gateway.port, auth });
  });
});
