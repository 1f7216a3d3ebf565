// A query string or path parameter that fails its schema says which part of the request was wrong: "query: limit: …",
// never "body: …" for a GET that has no body at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupAdmin, startAppEnvironment, type ApiClient, type AppEnvironment } from "./support";

let app: AppEnvironment;
let admin: ApiClient;

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
});
afterAll(async () => {
  await app?.close();
});

function refusal(reply: { status: number; json: any; text: string }): string {
  expect(reply.status, reply.text).toBe(422);
  expect(reply.json.error.code).toBe("invalid_input");
  return reply.json.error.message;
}

describe("query strings", () => {
  it("a bad value names the query and its field", async () => {
    expect(refusal(await admin.get("/audit?limit=abc"))).toMatch(/^query: limit: /);
    expect(refusal(await admin.get("/audit?limit=0"))).toMatch(/^query: limit: /);
    expect(refusal(await admin.get("/audit?before=yesterday"))).toMatch(/^query: before: /);
  });

  it("an unknown parameter is a query error, not a body error", async () => {
    const message = refusal(await admin.get("/audit?actor=admin"));
    expect(message).toMatch(/^query: .*actor/);
    expect(message).not.toMatch(/body/);
  });

  it("the details keep the field's own path", async () => {
    const reply = await admin.get("/audit?limit=abc");
    expect(reply.json.error.details).toEqual([expect.objectContaining({ path: "limit" })]);
  });
});

describe("path parameters and bodies", () => {
  it("a bad id names the path", async () => {
    expect(refusal(await admin.get("/devices/not%20an%20id"))).toMatch(/^path: id: not a valid id/);
  });

  it("body errors keep naming the field alone, and the body as a whole when it is the body that is wrong", async () => {
    expect(refusal(await admin.post("/devices", { kind: "routeros", name: 42 }))).toMatch(/^name: /);
    expect(refusal(await admin.post("/devices", "[]"))).toMatch(/^body: /);
  });
});
