// DNS rebinding: a page on an attacker's name that re-resolves to the dashboard is same-origin with it, so its
// Origin matches its Host. Only a Host in WAYMARK_ALLOWED_HOSTS (default: the listen address and loopback names)
// may reach anything, API (handle(), the catch-all) and pages (the proxy) alike, and a refusal changes nothing.
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { env, resetEnvForTests } from "@/lib/env";
import { proxy } from "@/proxy";
import { ADMIN, startAppEnvironment, tableCounts, type ApiReply, type AppEnvironment } from "./support";

const SETTINGS = ["WAYMARK_ALLOWED_HOSTS", "WAYMARK_HOST", "PORT"] as const;
const REBOUND = "rebind.attacker.example:3000";

let app: AppEnvironment;
let saved: Record<string, string | undefined>;

beforeAll(async () => {
  saved = Object.fromEntries(SETTINGS.map((key) => [key, process.env[key]]));
  app = await startAppEnvironment("sqlite");
});
afterEach(() => configure({}));
afterAll(async () => {
  configure(saved);
  await app?.close();
});

function configure(settings: Partial<Record<(typeof SETTINGS)[number], string | undefined>>): void {
  for (const key of SETTINGS) {
    if (settings[key] === undefined) delete process.env[key];
    else process.env[key] = settings[key];
  }
  resetEnvForTests();
}

/** A browser on `host` talking to its own origin, as a rebinding page does. */
const from = (host: string) => ({ headers: { host, origin: `http://${host}` } });

function expectMisdirected(reply: ApiReply | { status: number; json: any }) {
  expect(reply.status).toBe(421);
  expect(reply.json.error.code).toBe("misdirected_request");
  expect(reply.json.error.message).toContain("WAYMARK_ALLOWED_HOSTS");
}

async function pageThroughProxy(host: string | null, path = "/setup") {
  const response = proxy(new NextRequest(`http://127.0.0.1:3000${path}`, { headers: host === null ? {} : { host } }));
  return { status: response.status, json: response.status === 421 ? await response.json() : undefined };
}

describe("a rebound name on a fresh instance", () => {
  it("cannot create the admin, sign in, mint a token or even read the status; nothing is stored or audited", async () => {
    const attacker = app.client("203.0.113.7");
    expectMisdirected(await attacker.get("/auth/status", from(REBOUND)));
    expectMisdirected(await attacker.post("/auth/setup", ADMIN, from(REBOUND)));
    expectMisdirected(await attacker.post("/auth/login", ADMIN, from(REBOUND)));
    expectMisdirected(await attacker.post("/tokens", { name: "stolen", role: "admin" }, from(REBOUND)));
    expectMisdirected(await attacker.get("/no/such/route", from(REBOUND)));
    expect(await tableCounts(app.db)).toEqual({ users: 0, devices: 0, tokens: 0, sessions: 0, audit: 0 });
  });

  it("the operator's own browser still sets up; a rebound page riding its session is refused too", async () => {
    const operator = app.client();
    expect((await operator.post("/auth/setup", ADMIN, from("localhost:3000"))).status).toBe(201);
    expectMisdirected(await operator.post("/tokens", { name: "stolen", role: "admin" }, from(REBOUND)));
    expect((await operator.post("/tokens", { name: "mine", role: "viewer" }, from("localhost:3000"))).status).toBe(201);
    expect(await tableCounts(app.db)).toMatchObject({ users: 1, tokens: 1 });
  });

  it("pages are refused by the proxy before anything renders", async () => {
    expectMisdirected(await pageThroughProxy(REBOUND));
    expectMisdirected(await pageThroughProxy(REBOUND, "/_next/static/chunks/main.js"));
    expectMisdirected(await pageThroughProxy(null));
    expect((await pageThroughProxy("127.0.0.1:3000")).status).toBe(200);
  });
});

describe("the default allow-list", () => {
  it.each(["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "LOCALHOST:3000", "localhost.:3000", "127.0.0.1:8080", "localhost"])(
    "answers a loopback name on any port (an SSH tunnel's): %s",
    async (host) => {
      expect((await app.client().get("/auth/status", from(host))).status).toBe(200);
      expect((await pageThroughProxy(host)).status).toBe(200);
    },
  );

  it.each([
    REBOUND,
    "127.0.0.1.nip.io:3000",
    "localhost.attacker.example",
    "evil.example@127.0.0.1:3000",
    "127.0.0.1:3000:80",
    "127.0.0.1:99999",
    "[::1",
    "",
    "a b",
    "10.0.0.5:3000",
  ])("refuses %j", async (host) => {
    expectMisdirected(await app.client().get("/auth/status", from(host)));
    expectMisdirected(await pageThroughProxy(host));
  });

  it("answers the listen address (WAYMARK_HOST) on its PORT only", async () => {
    configure({ WAYMARK_HOST: "10.20.30.40", PORT: "3100" });
    expect((await app.client().get("/auth/status", from("10.20.30.40:3100"))).status).toBe(200);
    expectMisdirected(await app.client().get("/auth/status", from("10.20.30.40:3101")));
    expectMisdirected(await app.client().get("/auth/status", from("10.20.30.40")));
    configure({ WAYMARK_HOST: "fd00::5", PORT: "3100" });
    expect((await app.client().get("/auth/status", from("[fd00::5]:3100"))).status).toBe(200);
  });

  it("a wildcard listen address is no name: a LAN address needs the setting", async () => {
    configure({ WAYMARK_HOST: "0.0.0.0" });
    expect(env().allowedHosts.map((h) => h.name)).toEqual(["localhost", "127.0.0.1", "[::1]"]);
    expectMisdirected(await app.client().get("/auth/status", from("192.168.1.5:3000")));
  });
});

describe("WAYMARK_ALLOWED_HOSTS", () => {
  it("replaces the default: exactly the names listed, with a port only where one is given", async () => {
    configure({ WAYMARK_ALLOWED_HOSTS: "Waymark.Example.net, 192.0.2.10:8443 ,[2001:db8::1]" });
    for (const host of ["waymark.example.net", "waymark.example.net:443", "192.0.2.10:8443", "[2001:db8::1]:3000"]) {
      expect((await app.client().get("/auth/status", from(host))).status, host).toBe(200);
      expect((await pageThroughProxy(host)).status, host).toBe(200);
    }
    for (const host of ["localhost:3000", "192.0.2.10:3000", "evil.waymark.example.net", REBOUND]) {
      expectMisdirected(await app.client().get("/auth/status", from(host)));
    }
  });

  it("a malformed entry stops the process at start with the setting's name", () => {
    configure({ WAYMARK_ALLOWED_HOSTS: "waymark.example.net,http://evil/" });
    expect(() => env()).toThrow(/WAYMARK_ALLOWED_HOSTS.*http:\/\/evil\//);
    configure({ WAYMARK_ALLOWED_HOSTS: " , " });
    expect(() => env()).toThrow(/WAYMARK_ALLOWED_HOSTS/);
  });
});
