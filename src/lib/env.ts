import "server-only";
import { isIPv6 } from "node:net";
import path from "node:path";
import { z } from "zod";

/** A name the dashboard answers to: a DNS name or IPv4 address, or an [IPv6] literal; no port means any port. */
export type AllowedHost = { name: string; port: number | null };

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const HOST_PORT = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/;

/** "name[:port]" as in a Host header or the allow-list; null when it is neither (a trailing dot is dropped). */
export function parseHostPort(text: string): AllowedHost | null {
  const match = HOST_PORT.exec(text.trim().toLowerCase());
  if (!match) return null;
  const name = match[1]!.replace(/\.$/, "");
  const port = match[2] === undefined ? null : Number(match[2]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  const valid = name.startsWith("[") ? isIPv6(name.slice(1, -1)) : DNS_NAME.test(name);
  return valid ? { name, port } : null;
}

const HostList = z.string().transform((text, ctx) => {
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const hosts = entries.map(parseHostPort);
  const bad = entries.filter((_, i) => hosts[i] === null);
  if (bad.length > 0 || hosts.length === 0) {
    ctx.addIssue({ code: "custom", message: `WAYMARK_ALLOWED_HOSTS must be comma-separated host[:port] names; refused: ${bad.join(", ") || "(empty)"}` });
    return z.NEVER;
  }
  return hosts as AllowedHost[];
});

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
  /** The listen address of scripts/serve.mjs (which reads these two itself, before any TypeScript loads). */
  WAYMARK_HOST: z
    .string()
    .optional()
    .transform((host) => host || "127.0.0.1"),
  PORT: z
    .string()
    .optional()
    .transform((port) => port || "3000")
    .pipe(z.coerce.number<string>().int().min(1).max(65535)),
  /** The Host names requests may carry (against DNS rebinding); default: the listen address and loopback names. */
  WAYMARK_ALLOWED_HOSTS: HostList.optional(),
  /** Every policy save, push and removal must say why (kept with the revision, the push and in the audit log). */
  WAYMARK_PUSH_REASON_REQUIRED: z.stringbool().default(false),
  /** Run the monitor (src/lib/monitor): poll every monitored device, keep history, send alerts. */
  WAYMARK_MONITOR: z.stringbool().default(true),
  /** This instance's name in poll leases and live updates; default: hostname and process id. */
  WAYMARK_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, "letters, digits and . _ : - (at most 64)")
    .optional(),
  /** The dashboard's address as people reach it, for the links in alert mails and webhooks; default: http://WAYMARK_HOST:PORT. */
  WAYMARK_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .transform((url) => url?.replace(/\/+$/, "")),
  /** History (src/lib/monitor/history): hours of every-poll samples kept (at least 2: the minute rollup reads them). */
  WAYMARK_HISTORY_RAW_HOURS: z.coerce.number<string>().int().min(2).max(168).default(6),
  /** Days of one-point-per-minute history kept. */
  WAYMARK_HISTORY_MINUTE_DAYS: z.coerce.number<string>().int().min(1).max(90).default(14),
  /** Days of one-point-per-hour history kept. */
  WAYMARK_HISTORY_HOUR_DAYS: z.coerce.number<string>().int().min(7).max(3650).default(400),
  /** Days of the link, backend and device state changes (the timeline) kept. */
  WAYMARK_HISTORY_EVENT_DAYS: z.coerce.number<string>().int().min(7).max(3650).default(400),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type Env = z.infer<typeof EnvSchema> & { databaseUrl: string; secretKeyFile: string; allowedHosts: AllowedHost[] };

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
    allowedHosts: parsed.data.WAYMARK_ALLOWED_HOSTS ?? defaultAllowedHosts(parsed.data.WAYMARK_HOST, parsed.data.PORT),
  };
  return cached;
}

// Loopback names on any port: a DNS-rebinding page always carries the attacker's own name, and a loopback name
// reached through an SSH tunnel (ssh -L 8080:127.0.0.1:3000) comes with the tunnel's port. A wildcard listen
// address is no name at all, so it adds nothing: such a dashboard needs WAYMARK_ALLOWED_HOSTS.
function defaultAllowedHosts(listen: string, port: number): AllowedHost[] {
  const loopback = ["localhost", "127.0.0.1", "[::1]"].map((name) => ({ name, port: null }));
  const own = parseHostPort(isIPv6(listen) ? `[${listen}]:${port}` : `${listen}:${port}`);
  const wildcard = own === null || own.name === "0.0.0.0" || own.name === "[::]";
  return wildcard || loopback.some((l) => l.name === own.name) ? loopback : [own, ...loopback];
}

/** Tests change the environment between cases; production never calls this. */
export function resetEnvForTests(): void {
  cached = undefined;
}
