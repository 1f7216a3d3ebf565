// Every /api/v1 route refuses a request without credentials, and no route escapes the contract (ENDPOINTS).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS } from "@/lib/http/api";
import {
  API_ROOT,
  contractPath,
  importRoute,
  setupAdmin,
  startAppEnvironment,
  walkRouteFiles,
  type ApiClient,
  type AppEnvironment,
  type RouteFile,
} from "./support";

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const PUBLIC = new Set(["GET /auth/status", "POST /auth/setup", "POST /auth/login"]);
const DUMMY_ID = "dummy-id-123";

type Case = { route: RouteFile; method: string; key: string; catchAll: boolean };

const routes = walkRouteFiles();
let cases: Case[] = [];
let app: AppEnvironment;
let admin: ApiClient;

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  // Set up, so the public endpoints behave as they do on a running install and nothing is "first run".
  admin = await setupAdmin(app);
  for (const route of routes) {
    const module = await importRoute(route);
    for (const method of Object.keys(module).filter((name) => HTTP_METHODS.includes(name))) {
      const catchAll = route.segments.some((s) => s.startsWith("[..."));
      cases.push({ route, method, key: `${method} ${contractPath(route)}`, catchAll });
    }
  }
  cases = cases.sort((a, b) => a.key.localeCompare(b.key));
});
afterAll(async () => {
  await app?.close();
});

function paramsFor(route: RouteFile): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const segment of route.segments) {
    if (segment.startsWith("[...")) params[segment.slice(4, -1)] = ["no", "such", "route"];
    else if (segment.startsWith("[")) params[segment.slice(1, -1)] = DUMMY_ID;
  }
  return params;
}

function urlFor(route: RouteFile): string {
  const parts = route.segments.map((s) => (s.startsWith("[...") ? "no/such/route" : s.startsWith("[") ? DUMMY_ID : s));
  return `http://127.0.0.1/api/v1/${parts.join("/")}`;
}

async function callWithout(c: Case, headers: Record<string, string> = {}, body?: string): Promise<Response> {
  const handler = (await importRoute(c.route))[c.method]!;
  const request = new Request(urlFor(c.route), {
    method: c.method,
    headers: { "x-forwarded-for": "198.51.100.99", ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: c.method === "GET" || c.method === "HEAD" ? undefined : body,
  });
  return handler(request, { params: Promise.resolve(paramsFor(c.route)) });
}

// The one route outside /api/v1: GET /metrics, where Prometheus scrapes by default, an alias of /api/v1/metrics with
// the same contract and service verb.
const PROMETHEUS_ALIAS = path.join("metrics", "route.ts");

describe("route discovery", () => {
  it("finds the API's route files, and none outside src/app/api/v1 but the /metrics alias", () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
    const appRoot = path.resolve(API_ROOT, "../..");
    const appRoutes = walkRouteFiles(path.resolve(API_ROOT, "../../.."), "app");
    const outside = appRoutes.map((r) => r.file).filter((f) => !f.startsWith(API_ROOT + path.sep));
    expect(outside).toEqual([path.join(appRoot, PROMETHEUS_ALIAS)]);
  });

  it("the /metrics alias refuses a request without credentials, as every API route does", async () => {
    const { GET } = (await import("@/app/metrics/route")) as { GET: (request: Request) => Promise<Response> };
    const response = await GET(new Request("http://127.0.0.1/metrics", { headers: { "x-forwarded-for": "198.51.100.99" } }));
    expect(response.status).toBe(401);
  });

  it("the walked routes are exactly the ENDPOINTS contract, plus the [...unknown] catch-all", () => {
    const walked = cases
      .filter((c) => !c.catchAll)
      .map((c) => c.key)
      .sort();
    const contract = ENDPOINTS.map((e) => `${e.method} ${e.path}`).sort();
    expect(walked).toEqual(contract);
    expect(new Set(contract).size).toBe(contract.length);
    const catchAll = cases.filter((c) => c.catchAll);
    expect(catchAll.map((c) => c.route.dir)).toEqual(catchAll.map(() => "[...unknown]"));
    expect(catchAll.map((c) => c.method).sort()).toEqual(["DELETE", "GET", "PATCH", "POST", "PUT"]);
  });

  it("every public endpoint in the contract is one this suite expects to be public", () => {
    expect(
      ENDPOINTS.filter((e) => e.access === "public")
        .map((e) => `${e.method} ${e.path}`)
        .sort(),
    ).toEqual([...PUBLIC].sort());
  });
});

describe("every /api/v1 route refuses an unauthenticated request", () => {
  const variants: Array<[string, Record<string, string>, string | undefined]> = [
    ["no credentials at all", {}, undefined],
    ["a CSRF header and a JSON body but no session", { "x-csrf-token": "anything" }, "{}"],
    ["an unknown session cookie", { cookie: "wm_session=not-a-session", "x-csrf-token": "anything" }, "{}"],
    ["a malformed (bad percent-encoding) session cookie", { cookie: "wm_session=%E0%A4%A; other=1" }, undefined],
  ];

  it.each(variants)("with %s → 401 unauthenticated (JSON)", async (_label, headers, body) => {
    const failures: string[] = [];
    for (const c of cases.filter((c) => !PUBLIC.has(c.key))) {
      const response = await callWithout(c, headers, body);
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      const ok =
        response.status === 401 &&
        response.headers.get("content-type")?.startsWith("application/json") &&
        JSON.stringify(Object.keys((json as { error?: object }).error ?? {}).sort()) === '["code","message"]' &&
        (json as { error: { code: string } }).error.code === "unauthenticated" &&
        typeof (json as { error: { message: unknown } }).error.message === "string";
      if (!ok) failures.push(`${c.key} (${c.route.dir}): ${response.status} ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  it("a bogus bearer token gets 401 on every non-public route", async () => {
    for (const c of cases.filter((c) => !PUBLIC.has(c.key))) {
      const response = await callWithout(c, { authorization: "Bearer wmk_not-a-real-token" });
      expect(response.status, c.key).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
    }
  });

  it("the public endpoints answer without a session", async () => {
    const status = cases.find((c) => c.key === "GET /auth/status")!;
    const response = await callWithout(status);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ needsSetup: false, user: null });
    // Sign-in without the CSRF header is refused before any password check (the header forces a CORS preflight).
    const login = cases.find((c) => c.key === "POST /auth/login")!;
    const refused = await callWithout(login, {}, JSON.stringify({ username: "admin", password: "admin-password-1" }));
    expect(refused.status).toBe(403);
    const accepted = await callWithout(login, { "x-csrf-token": "x" }, JSON.stringify({ username: "admin", password: "admin-password-1" }));
    expect(accepted.status).toBe(200);
  });

  it("a signed-in caller gets a JSON 404 from the catch-all for an unknown path", async () => {
    for (const method of ["GET", "POST", "DELETE"]) {
      const reply = await admin.call(method, "/no/such/route");
      expect(reply.status).toBe(404);
      expect(reply.json.error).toMatchObject({ code: "not_found", message: expect.stringContaining("/api/v1/no/such/route") });
    }
  });

  it("no unauthenticated request changed anything beyond the audit log", async () => {
    expect(await app.db.device.count()).toBe(0);
    expect(await app.db.user.count()).toBe(1);
    expect(await app.db.apiToken.count()).toBe(0);
  });
});
