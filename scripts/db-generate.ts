// Generates the Prisma client for each provider from prisma/schema.prisma, offline.
// `prisma generate` never runs the schema engine, but the CLI looks for one first and would try to download it;
// pointing PRISMA_SCHEMA_ENGINE_BINARY at any executable stops that (shared/reference/offline-setup.md).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { PROVIDERS, schemaFor } from "./db-schemas";

mkdirSync(".prisma-generate", { recursive: true });
for (const provider of PROVIDERS) {
  const file = `.prisma-generate/${provider}.prisma`;
  // Relative output paths resolve against the schema file, which sits one level below the root like prisma/.
  writeFileSync(file, schemaFor(provider));
  execFileSync("node", ["node_modules/prisma/build/index.js", "generate", "--schema", file], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  console.log(`generated ${provider} client`);
}
