// Writes the SQL migration that takes each provider from the last committed migration's schema to prisma/schema.prisma.
// Usage: npx tsx scripts/db-new-migration.ts <snake_case_name>
// Runs offline: the schema engine is Prisma's WebAssembly build, and diffing two schema files needs no database.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PROVIDERS, schemaFor, type Provider } from "./db-schemas";

const MIGRATIONS = "prisma/migrations";

type Engine = { diff(params: unknown): Promise<{ stdout: string | null }> };

async function loadEngine(): Promise<Engine> {
  // The package's own loader expects a bundler; under Node 20 the bindings are wired up by hand (offline-setup.md).
  const bindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const entry = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmPath = path.join(path.dirname(entry), "schema_engine_bg.wasm");
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  // The engine insists on a connection; diffing two datamodels never queries it, so an in-memory SQLite serves.
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaBetterSqlite3({ url: ":memory:" }));
  return bindings.SchemaEngine.new({ datamodels: undefined }, () => {}, adapter) as Promise<Engine>;
}

function lastSnapshot(provider: Provider): string | null {
  const dir = path.join(MIGRATIONS, provider);
  if (!existsSync(dir)) return null;
  const names = readdirSync(dir)
    .filter((n) => existsSync(path.join(dir, n, "schema.prisma")))
    .sort();
  const last = names.at(-1);
  return last ? readFileSync(path.join(dir, last, "schema.prisma"), "utf8") : null;
}

function nextSequence(provider: Provider): string {
  const dir = path.join(MIGRATIONS, provider);
  const count = existsSync(dir) ? readdirSync(dir).length : 0;
  return String(count + 1).padStart(4, "0");
}

function target(schema: string | null) {
  return schema === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] };
}

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: db-new-migration.ts <snake_case_name>");
  const engine = await loadEngine();
  for (const provider of PROVIDERS) {
    const desired = schemaFor(provider);
    const { stdout } = await engine.diff({
      from: target(lastSnapshot(provider)),
      to: target(desired),
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const dir = path.join(MIGRATIONS, provider, `${nextSequence(provider)}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), stdout ?? "");
    writeFileSync(path.join(dir, "schema.prisma"), desired);
    console.log(`wrote ${dir}/migration.sql`);
  }
}

await main();
