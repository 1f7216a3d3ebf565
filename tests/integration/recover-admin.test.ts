// scripts/recover-admin.ts, run as the operator would (a separate process on the same database): it brings back
// an admin when none can sign in, on both databases, and the audit log says who did it.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, PROVIDERS, setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

describe.each(PROVIDERS)("recover-admin on %s", (provider) => {
  let app: AppEnvironment;
  let admin: ApiClient;

  beforeEach(async () => {
    app = await startAppEnvironment(provider);
    admin = await setupAdmin(app);
  });
  afterEach(async () => app.close());

  async function recover(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { ...process.env, DATABASE_URL: app.databaseUrl, WAYMARK_DATA_DIR: app.dataDir };
    try {
      const { stdout, stderr } = await promisify(execFile)(TSX, ["--conditions=react-server", "scripts/recover-admin.ts", ...args], {
        cwd: ROOT,
        env,
        timeout: 60_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  /** The state the campaign reached: no admin left, so nothing in the product can make one. */
  async function loseEveryAdmin(): Promise<void> {
    await app.db.user.updateMany({ where: { role: "admin" }, data: { role: "viewer" } });
    expect(await app.db.user.count({ where: { role: "admin" } })).toBe(0);
  }

  it("promotes an existing user, who keeps their password and can administer again", async () => {
    const operator = await userWithRole(app, admin, "operator");
    await loseEveryAdmin();
    expect((await operator.get("/users")).status).toBe(403);

    const run = await recover("operator-user");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("recover-admin: promoted to admin: operator-user\n");
    const again = app.client();
    expect((await again.login("operator-user", "operator-password-1")).status).toBe(200);
    expect((await again.get("/users")).status).toBe(200);

    const event = await app.db.auditEvent.findFirstOrThrow({ where: { action: "user.recover-admin" } });
    expect(event).toMatchObject({ actorType: "system", outcome: "ok" });
    expect(event.actorName).toMatch(/^system:recover-admin by \S+$/);
    expect(JSON.parse(event.detail)).toEqual({ username: "operator-user", outcome: "promoted", passwordReset: false });
  });

  it("creates a missing admin with a generated password, printed once and stored only as a hash", async () => {
    await loseEveryAdmin();
    const run = await recover("rescue");
    expect(run.code).toBe(0);
    const password = /password \(shown once; sign in and change it on your account page\): (\S+)\n$/.exec(run.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const rescuer = app.client();
    expect((await rescuer.login("rescue", password!)).status).toBe(200);
    expect((await rescuer.get("/me")).json).toMatchObject({ username: "rescue", role: "admin" });
    expect(JSON.stringify(await app.db.auditEvent.findMany())).not.toContain(password!);
    expect(JSON.stringify(await app.db.user.findMany())).not.toContain(password!);
  });

  it("--reset-password gives an admin a new password and signs out their sessions", async () => {
    const run = await recover(ADMIN.username, "--reset-password");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^recover-admin: already an admin: admin\npassword/);
    expect((await admin.get("/me")).status).toBe(401);
    expect((await app.client().login(ADMIN.username, ADMIN.password)).status).toBe(401);
  });

  it.each([
    [[], /give exactly one username/],
    [["bad name!"], /username: 2–32 characters/],
    [["a", "b"], /give exactly one username/],
    [["--bogus", "x"], /Unknown option '--bogus'/],
  ])("%j is refused with the usage and status 2, changing nothing", async (args, message) => {
    const run = await recover(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("Usage: ");
    expect(await app.db.auditEvent.count({ where: { action: "user.recover-admin" } })).toBe(0);
  });
});
