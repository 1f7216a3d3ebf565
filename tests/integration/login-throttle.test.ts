// Sign-in throttling under parallel guessing, and without locking a whole address out (issue 8, defects 1 and 2).
// Each test uses its own accounts and addresses: the limiters live in module memory for the whole file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAttemptHoldForTests } from "@/lib/auth/rate-limit";
import { ADMIN, setupAdmin, startAppEnvironment, type ApiClient, type ApiReply, type AppEnvironment } from "./support";

const PASSWORD = "right-password-1";

let app: AppEnvironment;
let admin: ApiClient;
/** Each hold a sign-in was given, in milliseconds, instead of sleeping through it. */
let holds: number[] = [];

beforeAll(async () => {
  setAttemptHoldForTests(async (ms) => void holds.push(ms));
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app, "198.51.100.1");
});
afterAll(async () => {
  setAttemptHoldForTests(undefined);
  await app?.close();
});

async function createUser(username: string): Promise<void> {
  const created = await admin.post("/users", { username, password: PASSWORD, role: "viewer" });
  if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${created.text}`);
}

function expectRetryAfter(reply: ApiReply): void {
  expect(reply.json.error.code).toBe("rate_limited");
  const seconds = Number(reply.headers.get("retry-after"));
  expect(Number.isInteger(seconds) && seconds > 0 && seconds <= 15 * 60, `Retry-After ${seconds}`).toBe(true);
}

describe("sign-in throttling", () => {
  it("40 parallel sign-ins for one account from one address: at most 5 password checks, the rest 429, the right one too", async () => {
    await createUser("burst-target");
    const sessionsBefore = await app.db.session.count();
    const client = app.client("203.0.113.10");
    const wrong = Array.from({ length: 39 }, (_, i) => client.login("burst-target", `wrong-password-${i}`));
    const replies = await Promise.all([...wrong, client.login("burst-target", PASSWORD)]);
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length, statuses.join(" ")).toBeLessThanOrEqual(5);
    expect(
      statuses.filter((s) => s !== 401 && s !== 429),
      statuses.join(" "),
    ).toEqual([]);
    expect(statuses.at(-1)).toBe(429);
    for (const reply of replies.filter((r) => r.status === 429)) expectRetryAfter(reply);
    expect(await app.db.session.count()).toBe(sessionsBefore);
    // The pair stays locked; the account itself is not locked for its owner elsewhere.
    expect((await client.login("burst-target", PASSWORD)).status).toBe(429);
    expect((await app.client("203.0.113.11").login("burst-target", PASSWORD)).status).toBe(200);
  });

  it("30+ failures from one address over many accounts do not refuse a right password for another account there", async () => {
    const proxy = "192.0.2.200"; // every user behind a reverse proxy without WAYMARK_TRUST_PROXY
    await createUser("bystander");
    const victims = Array.from({ length: 12 }, (_, i) => `sprayed-${i}`);
    for (const name of victims.slice(0, 4)) await createUser(name);
    const sprayer = app.client(proxy);
    const sprayed: number[] = [];
    for (const name of victims) {
      for (let i = 0; i < 3; i++) sprayed.push((await sprayer.login(name, `spray-password-${i}`)).status);
    }
    expect(Math.max(...holds), "the sprayer was slowed down").toBe(3_000);
    holds = [];
    const colleague = app.client(proxy);
    const reply = await colleague.login("bystander", PASSWORD);
    expect(reply.status, reply.text).toBe(200);
    expect(holds, "slower, capped at a few seconds, but let in").toEqual([3_000]);
    expect(
      sprayed.filter((s) => s !== 401),
      "no sprayed account+address pair reached 5 failures",
    ).toEqual([]);
    expect((await colleague.get("/me")).json.username).toBe("bystander");
    // A sprayed account that is not itself locked (3 failures of 5) still lets its owner in from there.
    expect((await app.client(proxy).login("sprayed-0", PASSWORD)).status).toBe(200);
    expect((await app.client(proxy).login(ADMIN.username, ADMIN.password)).status).toBe(200);
  });

  it("guessing one account from many addresses slows that account down without locking its owner out", async () => {
    await createUser("distributed-target");
    for (let n = 0; n < 12; n++) {
      const bot = app.client(`198.18.0.${n + 1}`);
      for (let i = 0; i < 2; i++) expect((await bot.login("Distributed-Target", `botnet-guess-${i}`)).status).toBe(401);
    }
    holds = [];
    const owner = app.client("198.51.100.99");
    expect((await owner.login("distributed-target", PASSWORD)).status).toBe(200);
    expect(holds).toEqual([3_000]);
    // The right password gave its own slot back only: the account stays slowed while the guessing lasts.
    holds = [];
    expect((await app.client("198.18.0.1").login("distributed-target", "botnet-guess-3")).status).toBe(401);
    expect(holds).toEqual([3_000]);
  });
});
