// Brings the gateway lab up (a real OpenSSH server in its own network namespace) and writes its connection
// details where the specs read them. `gateway-lab.ts up` first tears down any lab a crashed run left behind.
// Likewise the dual-WAN labs (`wan-lab-cli.ts up --lab=<name>`), one per spec that pushes policies to a gateway. A spec that needs a
// simulated MikroTik router starts its own (routeros-sim.ts).
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { assertLabAddress, LAB_FILE, ROOT_DIR, STATE_DIR, WAN_LABS, wanLabFile, type GatewayLabDetails, type WanLabDetails, type WanLabName } from "./support";

export default async function globalSetup(): Promise<void> {
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
  writeFileSync(LAB_FILE, `${JSON.stringify(details, null, 2)}\n`, { mode: 0o600 });

  // Side by side: each lab is its own namespaces and address block.
  const labs = await Promise.all(WAN_LABS.map(wanLabUp));
  for (const [index, name] of WAN_LABS.entries()) writeFileSync(wanLabFile(name), `${JSON.stringify(labs[index], null, 2)}\n`, { mode: 0o600 });
}

async function wanLabUp(name: WanLabName): Promise<WanLabDetails> {
  const { stdout } = await promisify(execFile)(path.join(ROOT_DIR, "node_modules/.bin/tsx"), ["lab/wan-lab-cli.ts", "up", `--lab=${name}`], {
    cwd: ROOT_DIR,
    encoding: "utf8",
    timeout: 300_000,
  });
  const details = JSON.parse(stdout) as WanLabDetails;
  for (const key of ["host", "port", "username", "privateKey", "hostname", "hostKeyFingerprint", "lanSubnet"] as const) {
    if (!details[key]) throw new Error(`WAN lab output lacks ${key}: ${stdout}`);
  }
  if (details.probeTargets.length === 0 || details.links.length < 2) throw new Error(`WAN lab output lacks probe targets or links: ${stdout}`);
  assertLabAddress(details.host);
  return details;
}
