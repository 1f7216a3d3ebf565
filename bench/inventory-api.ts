// Baseline for the fleet goal: how the inventory API behaves with 1,000 devices on the embedded SQLite default.
// Starts the production server (scripts/serve.mjs, built app) on 127.0.0.1 with a throwaway data dir, then
// measures sign-in (scrypt), device creation through POST /api/v1/devices, and GET /api/v1/devices latency.
// Usage: npx next build && npx tsx bench/inventory-api.ts [devices=1000] [reads=200]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const DEVICES = Number(process.argv[2] ?? 1000);
const READS = Number(process.argv[3] ?? 200);
const PORT = 3290;
const BASE = `http://127.0.0.1:${PORT}/api/v1`;

type Session = { cookie: string; csrf: string };

async function call(method: string, route: string, session: Session | null, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json", "x-csrf-token": session?.csrf ?? "bench" };
  if (session) headers.cookie = session.cookie;
  const reply = await fetch(`${BASE}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!reply.ok) throw new Error(`${method} ${route}: ${reply.status} ${await reply.text()}`);
  return reply;
}

async function signIn(path: "/auth/setup" | "/auth/login"): Promise<Session> {
  const reply = await call("POST", path, null, { username: "bench", password: "bench password 1" });
  const cookie = (reply.headers.get("set-cookie") ?? "").split(";")[0]!;
  return { cookie, csrf: ((await reply.json()) as { csrfToken: string }).csrfToken };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await run();
  return [performance.now() - start, value];
}

async function waitForServer(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (
      await fetch(`${BASE}/auth/status`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not start");
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "waymark-bench-"));
  const server = spawn("node", ["scripts/serve.mjs"], {
    env: { ...process.env, WAYMARK_DATA_DIR: dataDir, PORT: String(PORT), WAYMARK_HOST: "127.0.0.1", WAYMARK_DEMO: "false", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  try {
    await waitForServer();
    await signIn("/auth/setup");
    const logins: number[] = [];
    let session: Session | null = null;
    for (let i = 0; i < 10; i++) {
      const [ms, s] = await timed(() => signIn("/auth/login"));
      logins.push(ms);
      session = s;
    }
    const [createMs] = await timed(async () => {
      for (let i = 0; i < DEVICES; i++) {
        await call("POST", "/devices", session, {
          kind: i % 2 ? "linux" : "routeros",
          name: `bench-${i}`,
          host: `192.0.2.${(i % 250) + 1}`,
          port: 20_000 + i,
          username: "admin",
          ...(i % 2 ? { auth: { method: "password", password: "secret-password" } } : { password: "secret-password" }),
        });
      }
    });
    const reads: number[] = [];
    for (let i = 0; i < READS; i++) reads.push((await timed(() => call("GET", "/devices", session).then((r) => r.arrayBuffer())))[0]);
    reads.sort((a, b) => a - b);
    logins.sort((a, b) => a - b);
    console.log(`sign-in (scrypt N=2^15), median of 10:        ${percentile(logins, 50).toFixed(1)} ms`);
    console.log(
      `POST /devices, ${DEVICES} sequential (incl. audit): ${(createMs / DEVICES).toFixed(2)} ms each, ${(DEVICES / (createMs / 1000)).toFixed(0)}/s`,
    );
    console.log(`GET /devices with ${DEVICES} devices, ${READS} reads: p50 ${percentile(reads, 50).toFixed(1)} ms, p95 ${percentile(reads, 95).toFixed(1)} ms`);
  } finally {
    server.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
