/**
 * Vitest globalSetup: one throwaway PostgreSQL server for the whole run.
 *
 * Add to vitest.config.ts `test.globalSetup: ["tests/support/postgres-global-setup.ts"]`; tests then
 * read the admin URL with `inject("postgresAdminUrl")` (from "vitest") and should make their own
 * database with `createTestDatabase(inject("postgresAdminUrl"))` from ./postgres.
 */
import type { TestProject } from "vitest/node";
import { startTestPostgres } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** postgres:// URL (superuser, database `waymark_test`) of the run's throwaway server. */
    postgresAdminUrl: string;
  }
}

export default async function setup({ provide }: Pick<TestProject, "provide">) {
  const startedAt = Date.now();
  const server = await startTestPostgres();
  provide("postgresAdminUrl", server.url);
  if (process.env.WAYMARK_PG_DEBUG) console.log(`[postgres-global-setup] ready in ${Date.now() - startedAt} ms at ${server.url}`);
  return async () => {
    await server.stop();
  };
}
