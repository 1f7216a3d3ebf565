// The simulated MikroTik router the browser tests push to: scripts/simulate-router.ts in its own process group
// (the demo's "edge" site: booted from an export with the admin's own rules, LAN traffic flowing), on 127.0.0.1.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT_DIR, STATE_DIR } from "./support";

export const ROUTEROS_SIM_FILE = path.join(STATE_DIR, "routeros-sim.json");
export type RouterOsSimDetails = { host: string; port: number; identity: string; version: string; username: string; password: string; pid: number };

const PASSWORD = "e2e router password";

export async function startRouterOsSim(): Promise<void> {
  const log = path.join(STATE_DIR, "routeros-sim.out");
  const out = openSync(log, "w");
  const child = spawn(path.join(ROOT_DIR, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/simulate-router.ts", "--site", "edge", "--password", PASSWORD], {
    cwd: ROOT_DIR, detached: true, stdio: ["ignore", out, "inherit"],
  });
  closeSync(out);
  child.unref();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const line = readFileSync(log, "utf8").split("\n")[0] ?? "";
    if (line.startsWith("{")) {
      const details = { ...(JSON.parse(line) as Omit<RouterOsSimDetails, "username" | "password" | "pid">), username: "waymark", password: PASSWORD, pid: child.pid! };
      if (details.host !== "127.0.0.1") throw new Error(`the simulated router listens on ${details.host}, not loopback`);
      writeFileSync(ROUTEROS_SIM_FILE, JSON.stringify(details, null, 2) + "\n", { mode: 0o600 });
      return;
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the simulated router did not start: ${readFileSync(log, "utf8")}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function routerOsSimDetails(): RouterOsSimDetails {
  return JSON.parse(readFileSync(ROUTEROS_SIM_FILE, "utf8")) as RouterOsSimDetails;
}

export function stopRouterOsSim(): void {
  try {
    process.kill(-routerOsSimDetails().pid, "SIGTERM");
  } catch {
    // Not started, or already gone.
  }
}
