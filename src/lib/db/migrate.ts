import "server-only";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { providerOf, sqlitePath, type DbProvider } from "./provider";
import { prepareSqliteFile } from "./sqlite-file";

// Applies the committed SQL in prisma/migrations/<provider>/ in order, each in its own transaction, recording
// name and checksum. No Prisma CLI: it would try to download a schema engine (offline-setup.md).
export type Migration = { name: string; sql: string; checksum: string };
export type MigrateResult = { applied: string[]; alreadyApplied: number };

type Runner = {
  ensureLedger(): Promise<void>;
  appliedChecksums(): Promise<Map<string, string>>;
  apply(migration: Migration): Promise<void>;
  close(): Promise<void>;
};

const LEDGER = "_waymark_migrations";

export function loadMigrations(provider: DbProvider, root = "prisma/migrations"): Migration[] {
  // Read at run time from the checkout; the bundler must not try to trace this directory into the build.
  const dir = path.join(/* turbopackIgnore: true */ process.cwd(), root, provider);
  if (!existsSync(dir)) throw new Error(`no migrations for ${provider} in ${dir}`);
  return readdirSync(dir)
    .filter((name) => existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migrate(databaseUrl: string, root?: string): Promise<MigrateResult> {
  const provider = providerOf(databaseUrl);
  const migrations = loadMigrations(provider, root);
  const runner = provider === "postgresql" ? await postgresRunner(databaseUrl) : sqliteRunner(databaseUrl);
  try {
    await runner.ensureLedger();
    const applied = await runner.appliedChecksums();
    assertHistoryIntact(migrations, applied);
    const pending = migrations.filter((m) => !applied.has(m.name));
    for (const migration of pending) await runner.apply(migration);
    return { applied: pending.map((m) => m.name), alreadyApplied: applied.size };
  } finally {
    await runner.close();
  }
}

function assertHistoryIntact(migrations: Migration[], applied: Map<string, string>): void {
  const known = new Map(migrations.map((m) => [m.name, m.checksum]));
  for (const [name, checksum] of applied) {
    const expected = known.get(name);
    if (expected === undefined) throw new Error(`database has migration ${name}, which this version does not know`);
    if (expected !== checksum) throw new Error(`migration ${name} was edited after it was applied`);
  }
}

function sqliteRunner(databaseUrl: string): Runner {
  const file = sqlitePath(databaseUrl);
  prepareSqliteFile(file);
  const conn = new Database(file);
  conn.pragma("journal_mode = WAL");
  conn.pragma("busy_timeout = 5000");
  return {
    ensureLedger: async () => {
      conn.exec(`CREATE TABLE IF NOT EXISTS "${LEDGER}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    },
    appliedChecksums: async () => new Map((conn.prepare(`SELECT name, checksum FROM "${LEDGER}"`).all() as Migration[]).map((r) => [r.name, r.checksum])),
    apply: async (m) => {
      // IMMEDIATE takes the write lock up front, so two starting processes cannot both apply the same migration.
      conn
        .transaction(() => {
          const done = conn.prepare(`SELECT 1 FROM "${LEDGER}" WHERE name = ?`).get(m.name);
          if (done) return;
          conn.exec(m.sql);
          conn.prepare(`INSERT INTO "${LEDGER}" VALUES (?, ?, ?)`).run(m.name, m.checksum, new Date().toISOString());
        })
        .immediate();
    },
    close: async () => void conn.close(),
  };
}

async function postgresRunner(databaseUrl: string): Promise<Runner> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // Session-level advisory lock: concurrent starters queue here instead of racing.
  await client.query("SELECT pg_advisory_lock(72217301)");
  return {
    ensureLedger: async () => {
      await client.query(`CREATE TABLE IF NOT EXISTS "${LEDGER}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`);
    },
    appliedChecksums: async () => {
      const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "${LEDGER}"`);
      return new Map(rows.map((r) => [r.name, r.checksum]));
    },
    apply: async (m) => {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "${LEDGER}" VALUES ($1, $2, now())`, [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(error as Error).message}`);
      }
    },
    close: async () => {
      await client.query("SELECT pg_advisory_unlock(72217301)").catch(() => {});
      await client.end();
    },
  };
}
