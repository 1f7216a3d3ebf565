/**
 * Throwaway PostgreSQL servers for tests.
 *
 * `startTestPostgres()` runs `initdb` into a fresh temp dir and starts a server that listens
 * only on 127.0.0.1 (no Unix socket), on a free ephemeral port, with durability switched off
 * for speed and `trust` auth. It uses Debian's packaged binaries
 * (/usr/lib/postgresql/<highest version>/bin; install them with scripts/install-postgres.sh).
 * PostgreSQL refuses to run as root, so when we are root the server runs as the `postgres`
 * system user (created if missing).
 *
 * `createTestDatabase(adminUrl)` makes a uniquely named extra database on such a server so that
 * test files do not share state.
 */
import { execFile, spawnSync, type ExecFileOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { chown, mkdtemp, rm, writeFile, appendFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface TestPostgres {
  /** postgres:// URL of the `waymark_test` database, as the superuser `postgres`. */
  url: string;
  /** Stops the server (`pg_ctl stop -m immediate`) and removes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartTestPostgresOptions {
  /** Deadline for the server to accept connections, in ms. Default 30 000. */
  readyTimeoutMs?: number;
}

const PG_ROOT = "/usr/lib/postgresql";
const SUPERUSER = "postgres";
const DATABASE = "waymark_test";
const RUN_AS_USER = "postgres";

const INSTALL_HINT =
  "PostgreSQL server binaries were not found under /usr/lib/postgresql/<version>/bin. " +
  "Install them with `bash scripts/install-postgres.sh` (as root; it apt-get installs Debian's `postgresql`).";

/** Directory holding initdb/pg_ctl/postgres of the highest installed PostgreSQL major version. */
export function findPostgresBinDir(): string {
  let versions: string[] = [];
  try {
    versions = readdirSync(PG_ROOT).filter((name) => /^\d+(\.\d+)?$/.test(name));
  } catch {
    throw new Error(INSTALL_HINT);
  }
  versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  for (const version of versions) {
    const bin = join(PG_ROOT, version, "bin");
    if (["postgres", "initdb", "pg_ctl"].every((tool) => existsSync(join(bin, tool)))) return bin;
  }
  throw new Error(INSTALL_HINT);
}

interface Identity {
  uid: number;
  gid: number;
  name: string;
}

function lookupUser(name: string): Identity | undefined {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.split(":")[0] === name);
  if (!line) return undefined;
  const [, , uid, gid] = line.split(":");
  return { name, uid: Number(uid), gid: Number(gid) };
}

/** The identity to run the server as, or undefined to run as ourselves (when not root). */
function serverIdentity(): Identity | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  let user = lookupUser(RUN_AS_USER);
  if (!user) {
    const made = spawnSync(
      "useradd",
      ["--system", "--user-group", "--home-dir", "/var/lib/postgresql", "--no-create-home", "--shell", "/bin/bash", RUN_AS_USER],
      { encoding: "utf8" },
    );
    user = lookupUser(RUN_AS_USER);
    if (!user) {
      throw new Error(`Could not create the unprivileged '${RUN_AS_USER}' user to run PostgreSQL as: ${made.stderr || made.error}`);
    }
  }
  return user;
}

function run(file: string, args: string[], options: ExecFileOptions): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${file} ${args.join(" ")} failed: ${error.message}\n${String(stdout)}${String(stderr)}`.trim()));
      } else {
        resolve({ stdout: String(stdout), stderr: String(stderr) });
      }
    });
  });
}

/** Asks the OS for a free TCP port on 127.0.0.1 by binding port 0. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not determine a free port"));
      });
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilReady(url: string, deadline: number, isAlive: () => boolean): Promise<void> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query("select 1");
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await client.end().catch(() => {});
    }
    if (!isAlive()) break;
    await sleep(50);
  }
  throw new Error(`PostgreSQL did not accept connections at ${url}: ${String(lastError)}`);
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Creates a uniquely named database on the server behind `adminUrl` (a URL whose user may
 * CREATE DATABASE) and returns a URL for it. The database goes away with the server.
 */
export async function createTestDatabase(adminUrl: string, prefix = "waymark_test"): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`.toLowerCase();
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}

/** Starts a throwaway PostgreSQL server; see the module comment. */
export async function startTestPostgres(options: StartTestPostgresOptions = {}): Promise<TestPostgres> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const bin = findPostgresBinDir();
  const identity = serverIdentity();

  // mkdtemp makes the dir 0700; it is then handed to the server's user.
  const root = await mkdtemp(join(tmpdir(), "waymark-pg-"));
  const dataDir = join(root, "data");
  const logFile = join(root, "server.log");
  const asServer: { cwd: string; env: NodeJS.ProcessEnv; uid?: number; gid?: number } = {
    cwd: root, // the caller's cwd may not be readable by the server's user
    env: { ...process.env, LC_ALL: "C", LANG: "C", PGTZ: "UTC", HOME: root },
    ...(identity ? { uid: identity.uid, gid: identity.gid } : {}),
  };
  const pgCtl = join(bin, "pg_ctl");

  let started = false;
  let stopped = false;
  const stopSync = () => {
    // Last resort if the process exits without stop(): must be synchronous.
    if (stopped) return;
    stopped = true;
    if (started) spawnSync(pgCtl, ["stop", "-D", dataDir, "-m", "immediate", "-w"], { ...asServer, stdio: "ignore" });
    rmSync(root, { recursive: true, force: true });
  };
  process.once("exit", stopSync);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", stopSync);
    try {
      if (started) await run(pgCtl, ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "30"], asServer);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  };

  try {
    if (identity) await chown(root, identity.uid, identity.gid);
    await writeFile(logFile, "");
    if (identity) await chown(logFile, identity.uid, identity.gid);

    await run(
      join(bin, "initdb"),
      ["-D", dataDir, "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
      asServer,
    );

    // The free port can be taken by someone else between probing and binding: retry a few times.
    let url = "";
    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort();
      await writeFile(
        join(dataDir, "postgresql.auto.conf"),
        [
          "listen_addresses = '127.0.0.1'",
          `port = ${port}`,
          "unix_socket_directories = ''",
          "fsync = off",
          "synchronous_commit = off",
          "full_page_writes = off",
          "max_connections = 200",
          "timezone = 'UTC'",
          "",
        ].join("\n"),
      );
      if (identity) await chown(join(dataDir, "postgresql.auto.conf"), identity.uid, identity.gid);
      const startedAt = Date.now();
      try {
        await run(pgCtl, ["start", "-D", dataDir, "-l", logFile, "-w", "-t", String(Math.ceil(readyTimeoutMs / 1000))], asServer);
        started = true;
      } catch (error) {
        const log = readFileSync(logFile, "utf8");
        if (attempt < 3 && /could not (bind|create listen socket)|Address already in use/i.test(log)) {
          await appendFile(logFile, `\n--- retrying with another port (attempt ${attempt + 1}) ---\n`);
          continue;
        }
        throw new Error(`${(error as Error).message}\n--- server log ---\n${log}`);
      }
      const adminUrl = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
      await waitUntilReady(adminUrl, startedAt + readyTimeoutMs, () => existsSync(join(dataDir, "postmaster.pid")));
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${quoteIdent(DATABASE)}`);
      } finally {
        await client.end();
      }
      url = withDatabase(adminUrl, DATABASE);
      break;
    }
    return { url, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
