import { existsSync } from "node:fs";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, findPostgresBinDir, startTestPostgres, type TestPostgres } from "./postgres";
import setupGlobalPostgres from "./postgres-global-setup";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {}); // a server going away must not crash the test process
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("test PostgreSQL server", () => {
  it("finds the installed binaries", () => {
    expect(findPostgresBinDir()).toMatch(/^\/usr\/lib\/postgresql\/[\d.]+\/bin$/);
  });

  it("starts on 127.0.0.1, serves queries, creates extra databases, and stops cleanly", async () => {
    let server: TestPostgres | undefined;
    try {
      const startedAt = performance.now();
      server = await startTestPostgres();
      console.log(`[postgres.test] server ready in ${Math.round(performance.now() - startedAt)} ms`);

      const url = new URL(server.url);
      expect(url.protocol).toBe("postgres:");
      expect(url.hostname).toBe("127.0.0.1");
      expect(url.pathname).toBe("/waymark_test");
      const port = Number(url.port);
      expect(port).toBeGreaterThan(0);

      const [row] = await query<{ version: string }>(server.url, "select version()");
      expect(row?.version).toMatch(/^PostgreSQL \d+/);

      const settings = await query<{ name: string; setting: string }>(
        server.url,
        "select name, setting from pg_settings where name in ('listen_addresses','fsync','synchronous_commit','full_page_writes','unix_socket_directories') order by name",
      );
      expect(Object.fromEntries(settings.map((s) => [s.name, s.setting]))).toEqual({
        fsync: "off",
        full_page_writes: "off",
        listen_addresses: "127.0.0.1",
        synchronous_commit: "off",
        unix_socket_directories: "",
      });

      const otherUrl = await createTestDatabase(server.url);
      const thirdUrl = await createTestDatabase(server.url);
      expect(otherUrl).not.toBe(server.url);
      expect(otherUrl).not.toBe(thirdUrl);
      const [current] = await query<{ db: string }>(otherUrl, "select current_database() as db");
      expect(current?.db).toBe(new URL(otherUrl).pathname.slice(1));
      expect(current?.db).toMatch(/^waymark_test_[a-z0-9_]+$/);

      // Databases are isolated: a table made in one is absent from another.
      await query(otherUrl, "create table t (id int primary key)");
      const [seen] = await query<{ n: string }>(thirdUrl, "select count(*) as n from pg_tables where tablename = 't'");
      expect(seen?.n).toBe("0");

      const [dataDirRow] = await query<{ dir: string }>(server.url, "select current_setting('data_directory') as dir");
      const dataDir = dataDirRow!.dir;
      expect(dataDir).toMatch(/waymark-pg-/);
      expect(existsSync(dataDir)).toBe(true);

      await server.stop();
      server = undefined;
      expect(existsSync(dataDir)).toBe(false);
      expect(await portIsOpen(port)).toBe(false);
    } finally {
      await server?.stop();
    }
  });

  it("works as a vitest globalSetup that provides postgresAdminUrl", async () => {
    const provided: Record<string, unknown> = {};
    const teardown = await setupGlobalPostgres({
      provide: ((key: string, value: unknown) => {
        provided[key] = value;
      }) as never,
    });
    try {
      const adminUrl = provided.postgresAdminUrl as string;
      expect(adminUrl).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/waymark_test$/);
      const dbUrl = await createTestDatabase(adminUrl);
      const [row] = await query<{ one: number }>(dbUrl, "select 1 as one");
      expect(row?.one).toBe(1);
    } finally {
      await teardown();
    }
    expect(await portIsOpen(Number(new URL(provided.postgresAdminUrl as string).port))).toBe(false);
  });
});
