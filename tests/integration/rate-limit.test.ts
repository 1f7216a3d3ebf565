// Sign-in throttling: 5 wrong passwords per account and address, then 429 with Retry-After.
// (The limiter lives in module memory; vitest gives each test file its own module graph, so this file starts clean.
// The slow-down holds are recorded rather than slept through; login-throttle.test.ts checks their sizes.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAttemptHoldForTests } from "@/lib/auth/rate-limit";
import { ADMIN, setupAdmin, startAppEnvironment, userWithRole, type AppEnvironment } from "./support";

const ATTACKER = "203.0.113.66";
const ELSEWHERE = "203.0.113.67";

let app: AppEnvironment;

beforeAll(async () => {
  setAttemptHoldForTests(async () => {});
  app = await startAppEnvironment("sqlite");
  const admin = await setupAdmin(app, "198.51.100.1");
  await userWithRole(app, admin, "operator", "198.51.100.2");
});
afterAll(async () => {
  setAttemptHoldForTests(undefined);
  await app?.close();
});

describe("login rate limiting", () => {
  it("5 wrong passwords → the 6th attempt is 429 with Retry-After, even with the right password", async () => {
    const client = app.client(ATTACKER);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const reply = await client.login(ADMIN.username, `wrong-password-${attempt}`);
      expect(reply.status, `attempt ${attempt}`).toBe(401);
      expect(reply.headers.get("retry-after")).toBeNull();
    }
    const sessionsBefore = await app.db.session.count();
    const sixth = await client.login(ADMIN.username, ADMIN.password);
    expect(sixth.status).toBe(429);
    expect(sixth.json.error.code).toBe("rate_limited");
    const retryAfter = Number(sixth.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(sixth.json.error.message).toContain(String(retryAfter));
    expect(sixth.headers.getSetCookie()).toEqual([]);
    expect(client.cookie).toBeUndefined();
    expect(await app.db.session.count()).toBe(sessionsBefore);
    // And it stays shut.
    expect((await client.login(ADMIN.username, ADMIN.password)).status).toBe(429);
    expect((await client.login(ADMIN.username.toUpperCase(), ADMIN.password)).status).toBe(429);
  });

  it("another address signs in to the same account normally", async () => {
    const client = app.client(ELSEWHERE);
    const reply = await client.login(ADMIN.username, ADMIN.password);
    expect(reply.status).toBe(200);
    expect((await client.get("/me")).json.username).toBe("admin");
  });

  it("the throttled address may still sign in to a different account", async () => {
    expect((await app.client(ATTACKER).login("operator-user", "operator-password-1")).status).toBe(200);
  });

  it("a successful sign-in resets the account's failure count", async () => {
    const client = app.client("203.0.113.70");
    for (let i = 0; i < 4; i++) expect((await client.login(ADMIN.username, "wrong-password")).status).toBe(401);
    expect((await client.login(ADMIN.username, ADMIN.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await client.login(ADMIN.username, "wrong-password")).status).toBe(401);
    expect((await client.login(ADMIN.username, ADMIN.password)).status).toBe(200);
  });

  it("throttled attempts are audited as denied, with the address", async () => {
    const events = (await app.db.auditEvent.findMany({ where: { action: "auth.login", ip: ATTACKER } })).map((e) => ({
      outcome: e.outcome,
      status: (JSON.parse(e.detail) as { status: number }).status,
    }));
    expect(events.filter((e) => e.status === 401)).toHaveLength(5);
    expect(events.filter((e) => e.status === 429)).toHaveLength(3);
    expect(events.filter((e) => e.status !== 200).every((e) => e.outcome === "denied")).toBe(true);
  });
});
