// Each spec seeds what it needs through the API, so the specs run in any order and side by side: users with a
// name unique to the spec and the worker (two workers may run tests of one file), and a signed-in session for them.
// The first-run admin only seeds; no spec signs in as it.
import { randomBytes } from "node:crypto";
import { expect, request, type APIRequestContext } from "@playwright/test";
import { ADMIN, BASE_URL } from "./support";

export type Role = "viewer" | "operator" | "admin";
export type Account = { username: string; password: string; role: Role };
type StorageState = Awaited<ReturnType<APIRequestContext["storageState"]>>;

/** `<spec>-<6 hex>`: a valid username (2–32 characters) no other spec or worker can pick. */
export function uniqueName(spec: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,24}$/.test(spec)) throw new Error(`spec label ${spec} is not a short lowercase label`);
  return `${spec}-${randomBytes(3).toString("hex")}`;
}

/** Credentials for a user no one has created yet (a spec that creates it through the UI, or seededUser). */
export function newAccount(spec: string, role: Role): Account {
  const username = uniqueName(spec);
  return { username, password: `${username} e2e password`, role };
}

/** A request context signed in through POST /auth/login, and the session's CSRF token for its writes. */
async function signedInApi(account: { username: string; password: string }): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await request.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  // Before a session exists the CSRF check only asks for the header; the reply names the session's token.
  const reply = await api.post("/api/v1/auth/login", {
    headers: { "x-csrf-token": "login" },
    data: { username: account.username, password: account.password },
  });
  expect(reply.status(), `sign-in of ${account.username}: ${await reply.text()}`).toBe(200);
  const { csrfToken } = (await reply.json()) as { csrfToken: string };
  return { api, csrf: csrfToken };
}

/** Runs one seeding step as the first-run admin, with a session that ends with it. */
export async function asSeedingAdmin<T>(step: (api: APIRequestContext, csrf: string) => Promise<T>): Promise<T> {
  const { api, csrf } = await signedInApi(ADMIN);
  try {
    return await step(api, csrf);
  } finally {
    await api.post("/api/v1/auth/logout", { headers: { "x-csrf-token": csrf } }).catch(() => {});
    await api.dispose();
  }
}

export async function createUser(account: Account): Promise<void> {
  await asSeedingAdmin(async (api, csrf) => {
    const reply = await api.post("/api/v1/users", { headers: { "x-csrf-token": csrf }, data: account });
    expect(reply.status(), `creating user ${account.username}: ${await reply.text()}`).toBe(201);
  });
}

/** The browser state of a fresh session of `account` (cookies only), for `test.use({ storageState })`. */
export async function sessionOf(account: Account): Promise<StorageState> {
  const { api } = await signedInApi(account);
  try {
    return await api.storageState();
  } finally {
    await api.dispose();
  }
}

/**
 * A user of the spec's own, created on first use in each worker and signed in once there. Declare it at the top of
 * the spec; nothing is sent before a test asks for `account()` or `storageState()`.
 */
export function seededUser(spec: string, role: Role) {
  const account = newAccount(spec, role);
  let created: Promise<void> | undefined;
  let session: Promise<StorageState> | undefined;
  const ensure = () => (created ??= createUser(account));
  return {
    ...account,
    /** Creates the user (once) and returns its credentials. */
    account: async (): Promise<Account> => {
      await ensure();
      return account;
    },
    /** Creates the user (once) and returns one signed-in session shared by the worker's tests. */
    storageState: (): Promise<StorageState> => (session ??= ensure().then(() => sessionOf(account))),
  };
}
