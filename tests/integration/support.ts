// Shared helpers for the integration suites: a fresh app environment (database, data dir, master key) per
// provider, and a tiny client that calls the real route handlers in-process, keeping the session cookie and
// CSRF token like the dashboard's own pages do.
import { createHash, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { createDb, setDbForTests, type Db } from "@/lib/db/client";
import { migrate, type MigrateResult } from "@/lib/db/migrate";
import { resetEnvForTests } from "@/lib/env";
import { resetMasterKeyForTests } from "@/lib/secrets/master-key";
import { createTestDatabase } from "../support/postgres";

export type Provider = "sqlite" | "postgresql";
export const PROVIDERS: Provider[] = ["sqlite", "postgresql"];

// From this module's URL: under vitest and under tsx (bench/api-dashboard.ts), where __dirname is not this file's.
export const API_ROOT = fileURLToPath(new URL("../../src/app/api/v1", import.meta.url));
const BASE_URL = "http://127.0.0.1/api/v1";

export type AppEnvironment = {
  provider: Provider;
  dataDir: string;
  databaseUrl: string;
  /** The result of the first migrate() run. */
  firstMigration: MigrateResult;
  db: Db;
  /** Every non-GET request made through a client of this environment (each should leave one audit event). */
  mutations: number;
  client(ip?: string): ApiClient;
  close(): Promise<void>;
};

const ENV_KEYS = ["WAYMARK_DATA_DIR", "DATABASE_URL", "WAYMARK_SECRET_KEY", "WAYMARK_SECRET_KEY_FILE", "WAYMARK_TRUST_PROXY"];

/** Points the process at a brand-new database and data dir (and so a brand-new master key file). */
export async function startAppEnvironment(provider: Provider): Promise<AppEnvironment> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "waymark-it-"));
  const databaseUrl = provider === "sqlite" ? `file:${path.join(dataDir, "waymark.db")}` : await createTestDatabase(inject("postgresAdminUrl"), "waymark_it");
  const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.WAYMARK_DATA_DIR = dataDir;
  process.env.DATABASE_URL = databaseUrl;
  resetEnvForTests();
  resetMasterKeyForTests();
  const firstMigration = await migrate(databaseUrl);
  const db = createDb(databaseUrl);
  setDbForTests(db);
  const environment: AppEnvironment = {
    provider,
    dataDir,
    databaseUrl,
    firstMigration,
    db,
    mutations: 0,
    client: (ip = "198.51.100.10") => new ApiClient(environment, ip),
    close: async () => {
      setDbForTests(undefined);
      await db.$disconnect();
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      resetEnvForTests();
      resetMasterKeyForTests();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return environment;
}

// ---- Route discovery: the file system is the router, as in Next.js. ----

export type RouteFile = { dir: string; segments: string[]; file: string };

/** Every route.ts under src/app/api/v1, as its directory relative to that root ("devices/[id]"). */
export function walkRouteFiles(root = API_ROOT, rel = ""): RouteFile[] {
  const found: RouteFile[] = [];
  for (const entry of readdirSync(path.join(root, rel))) {
    const childRel = rel ? `${rel}/${entry}` : entry;
    const full = path.join(root, childRel);
    if (statSync(full).isDirectory()) found.push(...walkRouteFiles(root, childRel));
    else if (entry === "route.ts") found.push({ dir: rel, segments: rel ? rel.split("/") : [], file: full });
  }
  return found;
}

const isDynamic = (segment: string) => /^\[[^.].*\]$/.test(segment);
const isCatchAll = (segment: string) => /^\[\.\.\..+\]$/.test(segment);

/** "devices/[id]" → "/devices/{id}", the contract's form. */
export function contractPath(route: RouteFile): string {
  return `/${route.segments.map((s) => (isDynamic(s) ? `{${s.slice(1, -1)}}` : s)).join("/")}`;
}

type Handler = (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
export type RouteModule = Partial<Record<string, Handler>>;

export async function importRoute(route: RouteFile): Promise<RouteModule> {
  return (await import(route.file)) as RouteModule;
}

let routeTable: RouteFile[] | undefined;

/** Finds the route file for a path under /api/v1 (static segments win over [id], which wins over the catch-all). */
export function resolveRoute(apiPath: string): { route: RouteFile; params: Record<string, unknown> } {
  routeTable ??= walkRouteFiles();
  const parts = apiPath.split("?")[0]!.split("/").filter(Boolean);
  const score = (route: RouteFile) => route.segments.filter((s) => !isDynamic(s) && !isCatchAll(s)).length;
  const candidates = routeTable.filter((r) => !r.segments.some(isCatchAll)).sort((a, b) => score(b) - score(a));
  for (const route of candidates) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, unknown> = {};
    const matches = route.segments.every((segment, i) => {
      if (isDynamic(segment)) {
        params[segment.slice(1, -1)] = parts[i];
        return parts[i] !== undefined;
      }
      return segment === parts[i];
    });
    if (matches) return { route, params };
  }
  const catchAll = routeTable.find((r) => r.segments.some(isCatchAll));
  if (!catchAll) throw new Error(`no route for ${apiPath}`);
  return { route: catchAll, params: { unknown: parts } };
}

// ---- The client ----

export type CallOptions = {
  /** JSON-encoded unless it is a string, a Uint8Array or a ReadableStream. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Send no cookie, CSRF header or bearer token. */
  anonymous?: boolean;
};

export type ApiReply<T = any> = { status: number; headers: Headers; text: string; json: T };

export class ApiClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  bearer: string | undefined;

  constructor(
    private readonly environment: AppEnvironment,
    public ip: string,
  ) {}

  withToken(token: string): ApiClient {
    const copy = new ApiClient(this.environment, this.ip);
    copy.bearer = token;
    return copy;
  }

  async call<T = any>(method: string, apiPath: string, options: CallOptions = {}): Promise<ApiReply<T>> {
    const { route, params } = resolveRoute(apiPath);
    const handler = (await importRoute(route))[method];
    if (!handler) throw new Error(`${route.dir}/route.ts exports no ${method}`);
    const headers = new Headers({ "x-forwarded-for": this.ip, "user-agent": "waymark-integration-tests" });
    let body: BodyInit | undefined;
    if (options.body !== undefined) {
      const raw = options.body;
      body = typeof raw === "string" || raw instanceof Uint8Array || raw instanceof ReadableStream ? (raw as BodyInit) : JSON.stringify(raw);
      headers.set("content-type", "application/json");
    }
    if (!options.anonymous) {
      if (this.bearer) headers.set("authorization", `Bearer ${this.bearer}`);
      if (this.cookie) headers.set("cookie", `wm_session=${this.cookie}`);
      if (method !== "GET") headers.set("x-csrf-token", this.csrfToken ?? "none-yet");
    }
    for (const [key, value] of Object.entries(options.headers ?? {})) headers.set(key, value);
    const request = new Request(`${BASE_URL}${apiPath}`, {
      method,
      headers,
      body,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
    // The catch-all 404 route changes nothing and is not audited; every contract route is.
    if (method !== "GET" && !route.segments.some(isCatchAll)) this.environment.mutations += 1;
    const response = await handler(request, { params: Promise.resolve(params) });
    const text = await response.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON; callers that care look at text
    }
    this.keepSession(response, json);
    return { status: response.status, headers: response.headers, text, json };
  }

  private keepSession(response: Response, json: any): void {
    for (const cookie of response.headers.getSetCookie()) {
      const match = /^wm_session=([^;]*)/.exec(cookie);
      if (match) this.cookie = match[1] ? decodeURIComponent(match[1]) : undefined;
    }
    if (typeof json?.csrfToken === "string") this.csrfToken = json.csrfToken;
  }

  get = <T = any>(p: string, o?: CallOptions) => this.call<T>("GET", p, o);
  post = <T = any>(p: string, body?: unknown, o?: CallOptions) => this.call<T>("POST", p, { ...o, body });
  patch = <T = any>(p: string, body?: unknown, o?: CallOptions) => this.call<T>("PATCH", p, { ...o, body });
  put = <T = any>(p: string, body?: unknown, o?: CallOptions) => this.call<T>("PUT", p, { ...o, body });
  delete = <T = any>(p: string, o?: CallOptions) => this.call<T>("DELETE", p, o);

  async setup(username: string, password: string): Promise<ApiReply> {
    return this.post("/auth/setup", { username, password });
  }

  async login(username: string, password: string): Promise<ApiReply> {
    return this.post("/auth/login", { username, password });
  }
}

export const ADMIN = { username: "admin", password: "admin-password-1" };

/** Sets up the first admin and returns their signed-in client. */
export async function setupAdmin(environment: AppEnvironment, ip?: string): Promise<ApiClient> {
  const admin = environment.client(ip);
  const reply = await admin.setup(ADMIN.username, ADMIN.password);
  if (reply.status !== 201) throw new Error(`setup failed: ${reply.status} ${reply.text}`);
  return admin;
}

/** Creates a user with the role (as the given admin) and returns a client signed in as them. */
export async function userWithRole(environment: AppEnvironment, admin: ApiClient, role: string, ip?: string): Promise<ApiClient> {
  const username = `${role}-user`;
  const password = `${role}-password-1`;
  const created = await admin.post("/users", { username, password, role });
  if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${created.text}`);
  const client = environment.client(ip);
  const login = await client.login(username, password);
  if (login.status !== 200) throw new Error(`login as ${username} failed: ${login.status} ${login.text}`);
  return client;
}

// The inventory refuses a second device at one host and port, so each device name gets a documentation host of
// its own unless the test names one; the default names keep the addresses tests assert.
const hostFor = (name: unknown, fallback: string, defaultName: string) =>
  name === undefined || name === defaultName ? fallback : `d${createHash("sha256").update(String(name)).digest("hex").slice(0, 12)}.example.net`;

export const routerOsDevice = (overrides: Record<string, unknown> = {}) => ({
  kind: "routeros",
  name: "core-router",
  host: hostFor(overrides.name, "192.0.2.1", "core-router"),
  username: "api-user",
  password: "router-password",
  ...overrides,
});

export const linuxDevice = (overrides: Record<string, unknown> = {}) => ({
  kind: "linux",
  name: "edge-gateway",
  host: hostFor(overrides.name, "gw.example.net", "edge-gateway"),
  port: 2222,
  username: "ops",
  auth: { method: "password", password: "linux-password" },
  ...overrides,
});

export async function tableCounts(db: Db) {
  const [users, devices, tokens, sessions, audit] = await Promise.all([
    db.user.count(),
    db.device.count(),
    db.apiToken.count(),
    db.session.count(),
    db.auditEvent.count(),
  ]);
  return { users, devices, tokens, sessions, audit };
}

/** An RSA private key in PKCS#8 PEM, encrypted when a passphrase is given. */
export function privateKeyPem(passphrase?: string): string {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: passphrase ? { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase } : { type: "pkcs8", format: "pem" },
  });
  return privateKey;
}

/** Polls GET /pushes/{id} until the push is no longer running (pushes run in the background). */
export async function pushFinished(client: ApiClient, pushId: string, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await client.get(`/pushes/${pushId}`);
    if (reply.status !== 200) throw new Error(`GET /pushes/${pushId}: ${reply.status} ${reply.text}`);
    if (reply.json.status !== "running") return reply.json;
    if (Date.now() > deadline) throw new Error(`push ${pushId} still running after ${timeoutMs} ms: ${JSON.stringify(reply.json.steps)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
