// Brings the gateway lab up (a real OpenSSH server in its own network namespace) and writes its connection
// details where the specs read them. `gateway-lab.ts up` first tears down any lab a crashed run left behind.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { assertLabAddress, LAB_FILE, ROOT_DIR, STATE_DIR, type GatewayLabDetails } from "./support";

export default function globalSetup(): void {
  if (process.getuid?.() !== 0) throw new Error("e2e: the gateway lab needs root (network namespaces)");
  rmSync(STATE_DIR, { recursive: true, force: true });
  mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
  const stdout = execFileSync(path.join(ROOT_DIR, "node_modules/.bin/tsx"), ["lab/gateway-lab.ts", "up"], {
    cwd: ROOT_DIR,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 300_000,
  });
  const details = JSON.parse(stdout) as GatewayLabDetails;
  for (const key of ["host", "port", "username", "password", "hostname", "hostKeyFingerprint"] as const) {
    if (!details[key]) throw new Error(`gateway lab output lacks ${key}: ${stdout}`);
  }
  assertLabAddress(details.host);
  writeFileSync(LAB_FILE, JSON.stringify(details, null, 2) + "\n", { mode: 0o600 });
}
