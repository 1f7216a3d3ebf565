import { defineConfig } from "prisma/config";

// Only `prisma generate` reads this; migrations are applied by src/lib/db/migrate.ts (no CLI download needed).
export default defineConfig({ schema: "prisma/schema.prisma" });
