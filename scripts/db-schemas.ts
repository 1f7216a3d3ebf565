import { readFileSync } from "node:fs";

// prisma/schema.prisma is written for SQLite; PostgreSQL differs only in the datasource provider and output path.
export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

export function schemaFor(provider: Provider, source = readFileSync("prisma/schema.prisma", "utf8")): string {
  if (provider === "sqlite") return source;
  return source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace('output       = "../src/lib/db/generated/sqlite"', 'output       = "../src/lib/db/generated/postgresql"');
}
