export type DbProvider = "sqlite" | "postgresql";

export function providerOf(databaseUrl: string): DbProvider {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? "postgresql" : "sqlite";
}

/** "file:data/waymark.db" → "data/waymark.db" (Prisma's URL form; better-sqlite3 wants a path). */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "");
}
