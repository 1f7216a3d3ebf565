import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)), "@tests": fileURLToPath(new URL("./tests", import.meta.url)) },
  },
  test: {
    include: [
      "src/**/*.test.ts",
      "lab/**/*.test.ts",
      "tests/integration/**/*.test.ts",
      "tests/support/**/*.test.ts",
      "tests/architecture/**/*.test.ts",
      "tests/interop/**/*.test.ts",
      "tests/scenarios/**/*.test.ts",
    ],
    // One throwaway PostgreSQL for the run; data-access suites each create their own database in it.
    globalSetup: ["tests/support/postgres-global-setup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Lab tests build network namespaces; running files in parallel would race on names and addresses.
    fileParallelism: false,
    server: { deps: { inline: ["server-only"] } },
    alias: { "server-only": fileURLToPath(new URL("./tests/support/server-only-stub.ts", import.meta.url)) },
  },
});
