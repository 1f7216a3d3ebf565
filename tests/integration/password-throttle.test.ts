// Wrong current passwords on POST /me/password are throttled per user like sign-ins, counted before the hash, so a
// stolen session cannot guess the account's password (issue 8, defect 1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupAdmin, startAppEnvironment, type ApiClient, type AppEnvironment } from "./support";

const PASSWORD = "right-password-1";
const NEW_PASSWORD = "brand-new-password-2";

let app: AppEnvironment;
let admin: ApiClient;

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app, "198.51.100.1");
});
afterAll(async () => {
  await app?.close();
});

async function signedInUser(username: string, ip: string): Promise<ApiClient> {
  const created = await admin.post("/users", { username, password: PASSWORD, role: "viewer" });
  if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${created.text}`);
  const client = app.client(ip);
  const login = await client.login(username, PASSWORD);
  if (login.status !== 200) throw new Error(`login as ${username} failed: ${login.status} ${login.text}`);
  return client;
}

const change = (client: ApiClient, currentPassword: string, newPassword = NEW_PASSWORD) => client.post("/me/password", { currentPassword, newPassword });

describe("password change throttling", () => {
  it("40 parallel wrong current passwords: 5 are checked (403), the rest 429 with Retry-After, then the right one too", async () => {
    const stolen = await signedInUser("stolen-session", "203.0.113.20");
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => change(stolen, `guess-${i}-password`)));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 403).length, statuses.join(" ")).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length, statuses.join(" ")).toBeGreaterThanOrEqual(35);
    for (const reply of replies.filter((r) => r.status === 429)) {
      expect(reply.json.error.code).toBe("rate_limited");
      const seconds = Number(reply.headers.get("retry-after"));
      expect(Number.isInteger(seconds) && seconds > 0 && seconds <= 15 * 60, `Retry-After ${seconds}`).toBe(true);
      expect(reply.json.error.message).toContain(String(seconds));
    }
    expect((await change(stolen, PASSWORD)).status).toBe(429);
    // The password did not change: the owner still signs in with the old one.
    expect((await app.client("203.0.113.21").login("stolen-session", PASSWORD)).status).toBe(200);
  });

  it("throttles per user: another user's change goes through", async () => {
    const other = await signedInUser("unaffected", "203.0.113.20");
    expect((await change(other, PASSWORD)).status).toBe(200);
  });

  it("a successful change resets the count", async () => {
    const user = await signedInUser("forgetful", "203.0.113.22");
    for (let i = 0; i < 4; i++) expect((await change(user, `not-it-${i}-password`)).status).toBe(403);
    expect((await change(user, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await change(user, `not-it-${i}-password`)).status, `attempt ${i + 1}`).toBe(403);
    expect((await change(user, NEW_PASSWORD, "third-password-33")).status).toBe(429);
  });
});
