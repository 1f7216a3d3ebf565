// Invalid Unicode in a body is refused, never stored as U+FFFD: a device password sent as raw 0xFF bytes or with
// a lone surrogate (\ud800 in JSON) would otherwise change silently on its way into the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routerOsDevice, setupAdmin, startAppEnvironment, tableCounts, type ApiClient, type AppEnvironment } from "./support";

let app: AppEnvironment;
let admin: ApiClient;
let deviceId: string;

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  deviceId = (await admin.post("/devices", routerOsDevice({ name: "existing" }))).json.id;
});
afterAll(async () => {
  await app?.close();
});

/** The JSON text of a device whose password is `marker`, with `marker` then swapped for raw bytes. */
function withRawBytes(bytes: number[]): Uint8Array {
  const text = JSON.stringify(routerOsDevice({ name: "raw-bytes", password: "pw-MARK-end" }));
  const [before, after] = text.split("MARK") as [string, string];
  return new Uint8Array([...Buffer.from(before), ...bytes, ...Buffer.from(after)]);
}

function expectBadRequest(reply: { status: number; json: any; text: string }, mentions: RegExp) {
  expect(reply.status, reply.text).toBe(400);
  expect(reply.json.error.code).toBe("bad_request");
  expect(reply.json.error.message).toMatch(mentions);
}

describe("bodies that are not valid UTF-8", () => {
  it.each([
    ["a raw 0xFF byte", [0xff]],
    ["a truncated two-byte sequence", [0xc3]],
    ["an overlong encoding of '/'", [0xc0, 0xaf]],
    ["an encoded surrogate (CESU-8)", [0xed, 0xa0, 0x80]],
  ])("%s in a device password → 400, nothing stored", async (_, bytes) => {
    const before = await tableCounts(app.db);
    expectBadRequest(await admin.post("/devices", withRawBytes(bytes)), /not valid UTF-8/);
    expect((await tableCounts(app.db)).devices).toBe(before.devices);
  });
});

describe("lone surrogates in JSON strings", () => {
  it.each([
    ["a high surrogate", "pw\\ud800end"],
    ["a low surrogate", "pw\\udc00end"],
    ["a high surrogate at the end", "pw\\udbff"],
    ["two high surrogates", "\\ud800\\ud800\\udc00"],
  ])("%s in a device password → 400 naming the field", async (_, escaped) => {
    const text = JSON.stringify(routerOsDevice({ name: "surrogate", password: "MARK" })).replace("MARK", escaped);
    const before = await tableCounts(app.db);
    expectBadRequest(await admin.post("/devices", text), /^password: .*lone UTF-16 surrogate/);
    expect((await tableCounts(app.db)).devices).toBe(before.devices);
  });

  it("anywhere in the body: a nested field, an array item, a key", async () => {
    expectBadRequest(await admin.patch(`/devices/${deviceId}`, '{"password":"ok","comment":"x\\udfffy"}'), /^comment: /);
    expectBadRequest(await admin.post("/tokens", '{"name":"t","role":"viewer","scopes":["\\ud800"]}'), /^scopes\.0: /);
    expectBadRequest(await admin.post("/tokens", '{"name":"t","role":"viewer","\\ud800":1}'), /^body: /);
    expect((await admin.get(`/devices/${deviceId}`)).json.comment).toBe("");
  });

  it("well-formed text outside the BMP is kept exactly, escaped or raw", async () => {
    const escaped = await admin.post("/devices", '{"kind":"routeros","name":"astral-\\ud83d\\ude80","host":"192.0.2.7","username":"u","password":"p"}');
    expect(escaped.status, escaped.text).toBe(201);
    expect((await admin.get(`/devices/${escaped.json.id}`)).json.name).toBe("astral-\u{1f680}");
    const raw = await admin.post("/devices", Buffer.from(JSON.stringify(routerOsDevice({ name: "raw-\u{1f680}-é", host: "192.0.2.8" }))));
    expect(raw.status, raw.text).toBe(201);
    expect((await admin.get(`/devices/${raw.json.id}`)).json.name).toBe("raw-\u{1f680}-é");
  });
});
