// Simulated MikroTik routers for the browser tests: scripts/simulate-router.ts in its own process group (the demo's
// "edge" site: booted from an export with the admin's own rules, LAN traffic flowing), on 127.0.0.1 and a free port
// the router picks, so every spec that needs a router starts its own and none shares one with a spec running beside it.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT_DIR, STATE_DIR } from "./support";

export type RouterOsSimDetails = { host: string; port: number; identity: string; version: string; username: string; password: string; pid: number };
export type RouterOsSim = RouterOsSimDetails & { stop(): void };

const PASSWORD = "e2e router password";
/** Each running router is recorded here, so the global teardown stops those a crashed worker left behind. */
const RECORD = /^routeros-sim-.+\.json$/;

export async function startRouterOsSim(label: string): Promise<RouterOsSim> {
  const base = path.join(STATE_DIR, `routeros-sim-${label}-${process.pid}`);
  const out = openSync(`${base}.out`, "w");
  const child = spawn(
    path.join(ROOT_DIR, "node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/simulate-router.ts", "--site", "edge", "--password", PASSWORD],
    {
      cwd: ROOT_DIR,
      detached: true,
      stdio: ["ignore", out, "inherit"],
    },
  );
  closeSync(out);
  child.unref();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const line = readFileSync(`${base}.out`, "utf8").split("\n")[0] ?? "";
    if (line.startsWith("{")) {
      const details: RouterOsSimDetails = {
        ...(JSON.parse(line) as Omit<RouterOsSimDetails, "username" | "password" | "pid">),
        username: "waymark",
        password: PASSWORD,
        pid: child.pid!,
      };
      if (details.host !== "127.0.0.1") {
        stopGroup(details.pid);
        throw new Error(`the simulated router listens on ${details.host}, not loopback`);
      }
      writeFileSync(`${base}.json`, `${JSON.stringify(details, null, 2)}\n`, { mode: 0o600 });
      return { ...details, stop: () => stopRecorded(`${base}.json`, details.pid) };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      if (child.exitCode === null) stopGroup(child.pid!);
      throw new Error(`the simulated router did not start: ${readFileSync(`${base}.out`, "utf8")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every router a spec started and did not stop (its worker died first). */
export function stopLeftoverRouterOsSims(): void {
  let names: string[] = [];
  try {
    names = readdirSync(STATE_DIR).filter((name) => RECORD.test(name));
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(STATE_DIR, name);
    stopRecorded(file, (JSON.parse(readFileSync(file, "utf8")) as RouterOsSimDetails).pid);
  }
}

function stopRecorded(file: string, pid: number): void {
  stopGroup(pid);
  rmSync(file, { force: true });
}

function stopGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    // Already gone.
  }
}

/** Runs one API sentence on the simulated router as its own admin would (in a child process: the client is server-only). */
export function routerCommand(sim: RouterOsSimDetails, words: string[]): { rows: Record<string, string>[]; done: Record<string, string> } {
  const stdout = execFileSync(path.join(ROOT_DIR, "node_modules/.bin/tsx"), ["--conditions=react-server", "tests/support/routeros/run-command.ts", ...words], {
    cwd: ROOT_DIR,
    encoding: "utf8",
    env: { ...process.env, WAYMARK_ROUTER: JSON.stringify({ host: sim.host, port: sim.port, username: sim.username, password: sim.password }) },
  });
  return JSON.parse(stdout);
}
