// Races on the user table, against the real route handlers with real concurrency: the last-admin rule must hold
// when admins demote or delete each other at the same moment (a slow password hash sits in the middle of each
// request), and simultaneous creates of one username answer 409, never 500.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serializable } from "@/lib/services/serializable";
import { assertAnotherAdminRemains, getUserOrThrow } from "@/lib/services/users/internal";
import { ADMIN, PROVIDERS, setupAdmin, startAppEnvironment, type ApiClient, type AppEnvironment } from "./support";

describe.each(PROVIDERS)("user races on %s", (provider) => {
  let app: AppEnvironment;
  let root: ApiClient;

  beforeEach(async () => {
    app = await startAppEnvironment(provider);
    root = await setupAdmin(app);
  });
  afterEach(async () => app.close());

  /** Creates admins admin-1…admin-n (besides the first one) and returns every admin's id and signed-in client. */
  async function admins(extra: number): Promise<{ id: string; client: ApiClient }[]> {
    const all = [{ id: await idOf(ADMIN.username), client: root }];
    for (let i = 1; i <= extra; i++) {
      const username = `admin-${i}`;
      const created = await root.post("/users", { username, password: `${username}-password`, role: "admin" });
      expect(created.status).toBe(201);
      const client = app.client();
      expect((await client.login(username, `${username}-password`)).status).toBe(200);
      all.push({ id: created.json.id, client });
    }
    return all;
  }

  async function idOf(username: string): Promise<string> {
    return (await app.db.user.findUniqueOrThrow({ where: { username } })).id;
  }

  const adminCount = () => app.db.user.count({ where: { role: "admin" } });

  it("two admins demoting each other with a password change leave one admin, and the other is told why", async () => {
    const [a, b] = await admins(1);
    const replies = await Promise.all([
      a!.client.patch(`/users/${b!.id}`, { role: "operator", password: "changed-password-b" }),
      b!.client.patch(`/users/${a!.id}`, { role: "operator", password: "changed-password-a" }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 412]);
    expect(replies.find((r) => r.status === 412)!.json.error.message).toMatch(/last admin/);
    expect(await adminCount()).toBe(1);
  });

  it("a ring of five admins each demoting the next leaves exactly one admin; nothing answers 500", async () => {
    const ring = await admins(4);
    const replies = await Promise.all(
      ring.map((actor, i) => actor.client.patch(`/users/${ring[(i + 1) % ring.length]!.id}`, { role: "viewer", password: `ring-password-${i}` })),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 412]);
    expect(await adminCount()).toBe(1);
  });

  it("two admins deleting each other leave one admin", async () => {
    const [a, b] = await admins(1);
    const replies = await Promise.all([a!.client.delete(`/users/${b!.id}`), b!.client.delete(`/users/${a!.id}`)]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 412]);
    expect(await adminCount()).toBe(1);
  });

  it("a demotion racing a deletion of the other admin leaves one admin", async () => {
    const [a, b] = await admins(1);
    const replies = await Promise.all([
      a!.client.delete(`/users/${b!.id}`),
      b!.client.patch(`/users/${a!.id}`, { role: "operator", password: "changed-password-a" }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 412]);
    expect(await adminCount()).toBe(1);
  });

  // The HTTP races above depend on timing; this one forces the worst interleaving: both transactions have
  // counted the admins before either writes. PostgreSQL at READ COMMITTED lets both through (zero admins).
  it("two transactions that both counted two admins before either wrote cannot both demote", async () => {
    const [a, b] = await admins(1);
    const bothCounted = meeting(2);
    const outcomes = await Promise.allSettled(
      [a!, b!].map((target) =>
        serializable(app.db, async (tx) => {
          await assertAnotherAdminRemains(tx, await getUserOrThrow(tx, target.id));
          await bothCounted();
          await tx.user.update({ where: { id: target.id }, data: { role: "operator" } });
        }),
      ),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(String((outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult).reason)).toMatch(/last admin/);
    expect(await adminCount()).toBe(1);
  });

  it("ten simultaneous creates of one username: one 201 and nine 409 naming the user", async () => {
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => root.post("/users", { username: "twin", password: `twin-password-${i}`, role: "viewer" })),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = replies.filter((r) => r.status !== 201);
    expect(refused.map((r) => r.status)).toEqual(Array(9).fill(409));
    for (const reply of refused) expect(reply.json.error).toEqual({ code: "conflict", message: 'a user named "twin" already exists' });
    expect(await app.db.user.count({ where: { username: "twin" } })).toBe(1);
  });
});

/**
 * Resolves once `parties` callers are waiting, or after `patienceMs` (SQLite runs one transaction at a time, so
 * there the second party only arrives after the first has committed). Later calls (retries) pass at once.
 */
function meeting(parties: number, patienceMs = 1_000): () => Promise<void> {
  let waiting = 0;
  let open: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  setTimeout(() => open(), patienceMs).unref();
  return async () => {
    if (++waiting >= parties) open();
    await opened;
  };
}
