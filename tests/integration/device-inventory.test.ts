// The inventory holds one entry per device: a second entry for a host and port already listed is refused (two
// entries would push over each other), on create, on update and when the creates race.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linuxDevice, PROVIDERS, routerOsDevice, setupAdmin, startAppEnvironment, type ApiClient, type AppEnvironment } from "./support";

describe.each(PROVIDERS)("one device per address on %s", (provider) => {
  let app: AppEnvironment;
  let admin: ApiClient;

  beforeAll(async () => {
    app = await startAppEnvironment(provider);
    admin = await setupAdmin(app);
    expect((await admin.post("/devices", routerOsDevice({ name: "core", host: "192.0.2.1" }))).status).toBe(201);
    expect((await admin.post("/devices", linuxDevice({ name: "edge", host: "gw.example.net", port: 2222 }))).status).toBe(201);
    expect((await admin.post("/devices", linuxDevice({ name: "v6", host: "2001:db8::1", port: 22 }))).status).toBe(201);
  });
  afterAll(async () => app?.close());

  it.each([
    ["the same address and default port", routerOsDevice({ name: "core-again", host: "192.0.2.1" }), 'device "core" already uses 192.0.2.1:8728'],
    ["the same address, port given", routerOsDevice({ name: "core-again", host: "192.0.2.1", port: 8728 }), 'device "core" already uses 192.0.2.1:8728'],
    [
      "the name in other letter case",
      linuxDevice({ name: "edge-again", host: "GW.Example.NET", port: 2222 }),
      'device "edge" already uses GW.Example.NET:2222',
    ],
    [
      "the name with a trailing dot",
      linuxDevice({ name: "edge-again", host: "gw.example.net.", port: 2222 }),
      'device "edge" already uses gw.example.net.:2222',
    ],
    [
      "another spelling of the IPv6 address",
      linuxDevice({ name: "v6-again", host: "2001:DB8:0:0::1", port: 22 }),
      'device "v6" already uses [2001:DB8:0:0::1]:22',
    ],
  ])("refuses a new device at %s with 409", async (_, body, message) => {
    const reply = await admin.post("/devices", body);
    expect(reply.status).toBe(409);
    expect(reply.json.error).toEqual({ code: "conflict", message });
  });

  it("accepts another port on the same host, and refuses moving a device onto a used address", async () => {
    const other = await admin.post("/devices", routerOsDevice({ name: "core-tls", host: "192.0.2.1", port: 8729, transport: "tls" }));
    expect(other.status).toBe(201);
    const before = (await admin.get(`/devices/${other.json.id}`)).json;
    const moved = await admin.patch(`/devices/${other.json.id}`, { port: 8728, password: "router-password" });
    expect(moved.status).toBe(409);
    expect(moved.json.error.message).toBe('device "core" already uses 192.0.2.1:8728');
    expect((await admin.get(`/devices/${other.json.id}`)).json).toEqual(before);
  });

  it("ten simultaneous adds of one address: one 201 and nine 409", async () => {
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => admin.post("/devices", routerOsDevice({ name: `race-${i}`, host: "198.51.100.7" }))),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const winner = replies.find((r) => r.status === 201)!.json.name;
    for (const reply of replies.filter((r) => r.status === 409)) {
      expect(reply.json.error.message).toBe(`device ${JSON.stringify(winner)} already uses 198.51.100.7:8728`);
    }
    expect(await app.db.device.count({ where: { host: "198.51.100.7" } })).toBe(1);
  });

  it("ten simultaneous adds of one name: one 201 and nine 409", async () => {
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => admin.post("/devices", routerOsDevice({ name: "twin-router", host: `203.0.113.${i + 1}` }))),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    for (const reply of replies.filter((r) => r.status === 409)) {
      expect(reply.json.error).toEqual({ code: "conflict", message: 'a device named "twin-router" already exists' });
    }
  });
});
