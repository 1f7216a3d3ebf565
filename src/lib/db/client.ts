import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { providerOf, sqlitePath } from "./provider";
import { prepareSqliteFile } from "./sqlite-file";

export type Db = SqliteClient;

// Both clients are generated from one schema (scripts/db-generate.ts) and differ only in provider, so their
// model APIs are identical; this is the single place that lets the PostgreSQL client stand in for the type.
function asDb(client: PostgresClient): Db {
  return client as unknown as Db;
}

export function createDb(databaseUrl: string): Db {
  if (providerOf(databaseUrl) === "postgresql") {
    return asDb(new PostgresClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }));
  }
  const file = sqlitePath(databaseUrl);
  prepareSqliteFile(file);
  return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: file }) });
}

// One client per process; Next.js dev reloads modules, so it lives on globalThis.
const holder = globalThis as unknown as { waymarkDb?: Db };

export function db(): Db {
  holder.waymarkDb ??= createDb(env().databaseUrl);
  return holder.waymarkDb;
}

/** Tests point the process at a fresh database. */
export function setDbForTests(client: Db | undefined): void {
  holder.waymarkDb = client;
}
