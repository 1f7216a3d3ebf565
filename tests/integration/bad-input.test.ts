// Malformed, oversized and hostile input is refused with a clear 4xx, never a 500, and nothing is stored.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { linuxDevice, routerOsDevice, setupAdmin, startAppEnvironment, tableCounts, type ApiClient, type ApiReply, type AppEnvironment } from "./support";

const MIB = 1024 * 1024;

let app: AppEnvironment;
let admin: ApiClient;
let deviceId: string;
let before: Awaited<ReturnType<typeof tableCounts>>;

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  deviceId = (await admin.post("/devices", routerOsDevice({ name: "existing", host: "192.0.2.1" }))).json.id;
});
afterAll(async () => {
  await app?.close();
});
beforeEach(async () => {
  before = await tableCounts(app.db);
});
afterEach(async () => {
  const after = await tableCounts(app.db);
  expect({ ...after, audit: 0 }, "nothing but audit events may be stored").toEqual({ ...before, audit: 0 });
  expect((await admin.get(`/devices/${deviceId}`)).json).toMatchObject({ name: "existing", host: "192.0.2.1", port: 8728, username: "api-user" });
});

/** A 4xx with a JSON error whose message names `field` (when given). */
function expectRefused(reply: ApiReply, status: number, field?: string) {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.json?.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  if (field) expect(reply.json.error.message).toContain(field);
}

describe("strict schemas", () => {
  it.each([
    ["/devices", { ...routerOsDevice({ name: "x1" }), shell: "/bin/sh" }, "shell"],
    ["/devices", linuxDevice({ name: "x2", auth: { method: "password", password: "p", sudo: true } }), "sudo"],
    ["/devices", { ...linuxDevice({ name: "x3" }), password: "routeros-only" }, "password"],
    ["/users", { username: "eve", password: "eve-password-1", role: "viewer", isAdmin: true }, "isAdmin"],
    ["/tokens", { name: "t", role: "viewer", scopes: ["*"] }, "scopes"],
    ["/auth/login", { username: "admin", password: "admin-password-1", remember: true }, "remember"],
  ])("POST %s refuses an unknown field (%#)", async (path, body, field) => {
    expectRefused(await admin.post(path, body), 422, field);
  });

  it("PATCH refuses unknown fields and fields of the other device kind", async () => {
    expectRefused(await admin.patch(`/devices/${deviceId}`, { name: "renamed", sealedCredentials: "v1:xx" }), 422, "sealedCredentials");
    expectRefused(await admin.patch(`/devices/${deviceId}`, { auth: { method: "password", password: "pw" } }), 422, "auth");
    expectRefused(await admin.patch(`/devices/${deviceId}`, { kind: "linux" }), 422, "kind");
  });

  it("query strings are strict too", async () => {
    expectRefused(await admin.get("/audit?limit=abc"), 422, "limit");
    expectRefused(await admin.get("/audit?actor=admin"), 422, "actor");
  });
});

describe("wrong types", () => {
  it.each([
    [{ port: "8728" }, "port"],
    [{ name: 42 }, "name"],
    [{ kind: "cisco" }, "kind"],
    [{ password: ["a"] }, "password"],
    [{ transport: "telnet" }, "transport"],
    [{ comment: null }, "comment"],
  ])("POST /devices with %j → 422 naming the field", async (override, field) => {
    const reply = await admin.post("/devices", { ...routerOsDevice({ name: "typed" }), ...override });
    expectRefused(reply, 422, field);
    expect(reply.json.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining(field) })]));
  });

  it("a JSON body that is not an object, or is empty", async () => {
    expectRefused(await admin.post("/devices", "[]"), 422);
    expectRefused(await admin.post("/devices", "null"), 422);
    expectRefused(await admin.post("/devices", '"routeros"'), 422);
    expectRefused(await admin.post("/devices", ""), 400);
  });

  it("an id that is not an id", async () => {
    expectRefused(await admin.get("/devices/..%2F..%2Fetc"), 422, "id");
    expectRefused(await admin.patch(`/devices/${"x".repeat(65)}`, { name: "n" }), 422, "id");
  });
});

describe("body transport", () => {
  it("broken JSON → 400 saying so", async () => {
    for (const text of ['{"kind": "routeros",', "{kind: routeros}", "\u0000", '{"a":1}}']) {
      const reply = await admin.post("/devices", text);
      expectRefused(reply, 400);
      expect(reply.json.error.message).toMatch(/not valid JSON/);
    }
  });

  it("wrong or missing content type → 415", async () => {
    const json = JSON.stringify(routerOsDevice({ name: "ct" }));
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp"]) {
      expectRefused(await admin.post("/devices", json, { headers: { "content-type": type } }), 415, "application/json");
    }
    expectRefused(await admin.post("/devices", json, { headers: { "content-type": "" } }), 415);
  });

  it("an oversize body with an honest Content-Length → 413", async () => {
    const big = JSON.stringify({ ...routerOsDevice({ name: "big" }), comment: "x".repeat(MIB + 10) });
    const reply = await admin.post("/devices", big, { headers: { "content-length": String(Buffer.byteLength(big)) } });
    expectRefused(reply, 413);
  });

  it("an oversize body with a Content-Length that lies → 413", async () => {
    const big = JSON.stringify({ ...routerOsDevice({ name: "liar" }), comment: "x".repeat(MIB + 10) });
    expectRefused(await admin.post("/devices", big, { headers: { "content-length": "100" } }), 413);
  });

  it("an endless streamed body without Content-Length → 413, having read little more than 1 MiB", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode(`{"comment":"${"y".repeat(64 * 1024 - 12)}`);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const reply = await admin.post("/devices", endless);
    expectRefused(reply, 413);
    expect(pulled).toBeLessThan(MIB + 8 * chunk.byteLength);
  });

  it("a body just under the limit is read and then validated", async () => {
    const body = JSON.stringify({ ...routerOsDevice({ name: "almost" }), comment: "z".repeat(MIB - 200) });
    expectRefused(await admin.post("/devices", body), 422, "comment");
  });
});

describe("values that could reach a device or a shell", () => {
  it.each([
    "1.2.3.4; rm -rf /",
    "$(id)",
    "a b",
    "`id`",
    "host|nc evil 1",
    "host&&id",
    "-oProxyCommand=sh",
    "256.1.1.1",
    "host\nname",
    "",
    "x".repeat(254),
    "exa mple.com",
    "router.example.com/evil",
    "user@host",
  ])("host %j → 422", async (host) => {
    expectRefused(await admin.post("/devices", routerOsDevice({ name: "h", host })), 422, "host");
    expectRefused(await admin.patch(`/devices/${deviceId}`, { host }), 422, "host");
  });

  it.each(["root;id", "$(whoami)", "a b", "-oProxyCommand=sh", "a|b", "`id`", "a&b", "x>y", "'q'", ".hidden", "", "u".repeat(65)])(
    "username %j → 422",
    async (username) => {
      expectRefused(await admin.post("/devices", linuxDevice({ name: "u", username })), 422, "username");
      expectRefused(await admin.patch(`/devices/${deviceId}`, { username }), 422, "username");
    },
  );

  it.each([0, -1, 65536, 100000, 22.5, Number.POSITIVE_INFINITY])("port %s → 422", async (port) => {
    expectRefused(await admin.post("/devices", routerOsDevice({ name: "p", port })), 422, "port");
    expectRefused(await admin.patch(`/devices/${deviceId}`, { port }), 422, "port");
  });

  it("valid hosts and ports at the edges are accepted (and then removed)", async () => {
    for (const [host, port] of [
      ["10.0.0.1", 1],
      ["fe80::1", 65535],
      ["router-1.example.com.", 8728],
    ] as const) {
      const reply = await admin.post("/devices", routerOsDevice({ name: `edge-${port}`, host, port }));
      expect(reply.status, reply.text).toBe(201);
      expect((await admin.delete(`/devices/${reply.json.id}`)).status).toBe(200);
    }
  });
});

describe("every refusal above", () => {
  it("was audited as invalid, none as error", async () => {
    const events = (await admin.get("/audit?limit=500")).json as Array<{ outcome: string }>;
    expect(events.filter((e) => e.outcome === "error")).toEqual([]);
    expect(events.filter((e) => e.outcome === "invalid").length).toBeGreaterThan(50);
  });
});
