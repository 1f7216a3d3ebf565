// Any unique-index violation, from either database's driver adapter, answers 409 `conflict` in the one mapping
// (src/lib/http/errors.ts), worded from what the adapter says about the index, never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toErrorResponse } from "@/lib/http/errors";
import { PROVIDERS, startAppEnvironment, type AppEnvironment } from "./support";

describe.each(PROVIDERS)("unique violations on %s", (provider) => {
  let app: AppEnvironment;

  beforeAll(async () => {
    app = await startAppEnvironment(provider);
  });
  afterAll(async () => app?.close());

  async function violation(write: () => Promise<unknown>): Promise<unknown> {
    await write();
    return write().then(
      () => {
        throw new Error("the second write was accepted");
      },
      (error: unknown) => error,
    );
  }

  it.each([
    [
      "a user's name",
      "a user with this username already exists",
      (app: AppEnvironment, n: number) => app.db.user.create({ data: { id: `user-${n}`, username: "same", passwordHash: "x", role: "viewer" } }),
    ],
    [
      "a device's name",
      "a device with this name already exists",
      (app: AppEnvironment, n: number) =>
        app.db.device.create({
          data: { id: `device-${n}`, name: "same", kind: "linux", host: `192.0.2.${n}`, port: 22, username: "u", sealedCredentials: "x" },
        }),
    ],
    [
      "a primary key",
      provider === "sqlite" ? "a user with this id already exists" : "a user like this already exists",
      (app: AppEnvironment) => app.db.user.create({ data: { id: "same-id", username: `u-${Math.random()}`, passwordHash: "x", role: "viewer" } }),
    ],
  ])("%s answers 409 conflict", async (_, message, write) => {
    let n = 0;
    const error = await violation(() => write(app, ++n));
    const response = toErrorResponse(error);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: "conflict", message } });
  });
});
