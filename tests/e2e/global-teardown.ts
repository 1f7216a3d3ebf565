// Tears the gateway lab and every WAN lab down, stops any simulated router a dead worker left, and removes the run
// state (lab details, stored admin session).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { stopLeftoverRouterOsSims } from "./routeros-sim";
import { ROOT_DIR, STATE_DIR } from "./support";

export default function globalTeardown(): void {
  stopLeftoverRouterOsSims();
  try {
    execFileSync(path.join(ROOT_DIR, "node_modules/.bin/tsx"), ["lab/wan-lab-cli.ts", "down"], {
      cwd: ROOT_DIR,
      stdio: ["ignore", "ignore", "inherit"],
      timeout: 120_000,
    });
  } finally {
    try {
      execFileSync(path.join(ROOT_DIR, "node_modules/.bin/tsx"), ["lab/gateway-lab.ts", "down"], {
        cwd: ROOT_DIR,
        stdio: ["ignore", "ignore", "inherit"],
        timeout: 120_000,
      });
    } finally {
      rmSync(STATE_DIR, { recursive: true, force: true });
    }
  }
}
