import "server-only";
import path from "node:path";
import { z } from "zod";

// The only reader of process.env. Everything has an embedded default so `npm start` works on a bare machine.
const EnvSchema = z.object({
  WAYMARK_DATA_DIR: z.string().min(1).default("data"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "DATABASE_URL must be file:… (SQLite) or postgres://… (PostgreSQL)")
    .optional(),
  /** 32 bytes, base64. When absent, a key file is created under the data dir on first run. */
  WAYMARK_SECRET_KEY: z.string().optional(),
  WAYMARK_SECRET_KEY_FILE: z.string().optional(),
  /** Start simulated routers and add them to the inventory (the README's demo). */
  WAYMARK_DEMO: z.stringbool().default(false),
  /** Mark cookies Secure; on when the dashboard is served over HTTPS (behind a TLS proxy, for example). */
  WAYMARK_SECURE_COOKIES: z.stringbool().default(false),
  /** Trust X-Forwarded-For for the client address (only behind a reverse proxy you control). */
  WAYMARK_TRUST_PROXY: z.stringbool().default(false),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type Env = z.infer<typeof EnvSchema> & { databaseUrl: string; secretKeyFile: string };

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
  const dataDir = parsed.data.WAYMARK_DATA_DIR;
  cached = {
    ...parsed.data,
    databaseUrl: parsed.data.DATABASE_URL ?? `file:${path.join(dataDir, "waymark.db")}`,
    secretKeyFile: parsed.data.WAYMARK_SECRET_KEY_FILE ?? path.join(dataDir, "secret.key"),
  };
  return cached;
}

/** Tests change the environment between cases; production never calls this. */
export function resetEnvForTests(): void {
  cached = undefined;
}
