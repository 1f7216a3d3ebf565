// The benchmark's processes: the fleet (./fleet.ts), the dashboard (scripts/serve.mjs, the built app, as in
// production) and the SSE subscribers (./subscribers.ts), each its own process with its own pid, so /proc says
// what each one costs. Everything listens on and talks to 127.0.0.1 only.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** A TypeScript entry run by node itself (so the pid is the worker's, not a launcher's). */
function spawnTs(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", file, ...args], { env, stdio: ["ignore", "pipe", "inherit"] });
}

/** Calls `onLine` for each stdout line of a child. */
export function lines(child: ChildProcess, onLine: (line: string) => void): void {
  if (child.stdout) createInterface({ input: child.stdout }).on("line", onLine);
}

function firstLine(child: ChildProcess, what: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} said nothing in ${timeoutMs} ms`)), timeoutMs);
    child.once("exit", (code) => reject(new Error(`${what} exited (${code}) before it started`)));
    lines(child, (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
}

export type FleetProcess = {
  child: ChildProcess;
  call: <T>(method: "GET" | "POST", route: string, body?: unknown) => Promise<T>;
};

export async function startFleetProcess(basePort: number, controlPort: number): Promise<FleetProcess> {
  const child = spawnTs("bench/fleet/fleet.ts", ["--base-port", String(basePort), "--control-port", String(controlPort)]);
  await firstLine(child, "the fleet");
  const call = async <T>(method: "GET" | "POST", route: string, body?: unknown): Promise<T> => {
    const reply = await fetch(`http://127.0.0.1:${controlPort}${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!reply.ok) throw new Error(`fleet ${method} ${route}: ${reply.status} ${await reply.text()}`);
    return (await reply.json()) as T;
  };
  return { child, call };
}

export type Dashboard = { child: ChildProcess; base: string };

/** `profileDir`: write a V8 CPU profile of the dashboard there when it stops (node --cpu-prof). */
export async function startDashboard(port: number, dataDir: string, profileDir?: string): Promise<Dashboard> {
  const profile = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  const child = spawn(process.execPath, [...profile, "scripts/serve.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      WAYMARK_DATA_DIR: dataDir,
      DATABASE_URL: process.env.DATABASE_URL,
      PORT: String(port),
      WAYMARK_HOST: "127.0.0.1",
      WAYMARK_DEMO: "false",
      WAYMARK_MONITOR: "true",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the dashboard exited (${child.exitCode})`);
    const up = await fetch(`${base}/api/v1/auth/status`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, base };
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the dashboard did not answer in 90 s");
}

export type Session = { cookie: string; csrf: string; token: string };

/** The first-run admin (POST /auth/setup), and a viewer API token for /metrics. */
export async function signIn(base: string): Promise<Session> {
  const setup = await fetch(`${base}/api/v1/auth/setup`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": "bench" },
    body: JSON.stringify({ username: "bench", password: "bench password 1" }),
  });
  if (!setup.ok) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
  const cookie = (setup.headers.get("set-cookie") ?? "").split(";")[0]!;
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  const minted = await fetch(`${base}/api/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": csrfToken, cookie },
    body: JSON.stringify({ name: "bench metrics", role: "viewer" }),
  });
  if (!minted.ok) throw new Error(`token: ${minted.status} ${await minted.text()}`);
  return { cookie, csrf: csrfToken, token: ((await minted.json()) as { token: string }).token };
}

/** The /metrics exposition, or null while no such route exists (the cluster slice serves it). */
export async function scrapeMetrics(base: string, token: string): Promise<string | null> {
  const reply = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
  return reply?.ok ? reply.text() : null;
}

export function startSubscribers(base: string, cookie: string, devices: readonly string[], count: number, fleet: boolean): ChildProcess {
  const args = ["--base", base, "--devices", devices.join(","), "--count", String(count), ...(fleet ? ["--fleet"] : [])];
  return spawnTs("bench/fleet/subscribers.ts", args, { ...process.env, BENCH_COOKIE: cookie });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child is gone. */
export function stop(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
