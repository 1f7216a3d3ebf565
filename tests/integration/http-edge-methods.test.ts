// TRACE cannot become a fetch Request, so Next.js answered it with a 500, and other unknown methods with a bare
// 400. The production entry (scripts/serve.mjs) answers every method outside the seven the dashboard uses with a
// 405 and an Allow header before Next.js sees it. Real HTTP over loopback; what stands behind the guard here is a
// recorder in Next.js's place, since the guard's point is that those requests never get there.
import { request as httpRequest, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METHODS, refuseUnknownMethod } from "../../scripts/serve-guards.mjs";

let server: Server;
let port: number;
const passedOn: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (refuseUnknownMethod(req, res)) return;
    passedOn.push(`${req.method} ${req.url}`);
    res.end("next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function send(method: string, path: string, body?: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers: body ? { "content-type": "text/plain" } : {} }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("methods outside the seven", () => {
  it.each([
    ["TRACE", "/api/v1/devices"],
    ["TRACE", "/api/v1/devices/abc/policy"],
    ["TRACE", "/api/v1/no/such/route"],
    ["PROPFIND", "/api/v1/auth/status"],
    ["PURGE", "/api/v1/users"],
  ])("%s %s → 405 with Allow and a JSON error, never reaching Next.js", async (method, path) => {
    const reply = await send(method, path, method === "TRACE" ? undefined : "x");
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe("GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE");
    expect(reply.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(reply.text).error).toEqual({ code: "method_not_allowed", message: expect.stringContaining(method) });
    expect(passedOn).toEqual([]);
  });

  it("pages allow only reading", async () => {
    const reply = await send("TRACE", "/devices");
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe("GET, HEAD");
  });

  it("the seven are passed on untouched", async () => {
    for (const method of METHODS) expect((await send(method, "/api/v1/devices")).status).toBe(200);
    expect(passedOn).toEqual(METHODS.map((m) => `${m} /api/v1/devices`));
  });
});
