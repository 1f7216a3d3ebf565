// CLI for end-to-end tests: `npx tsx lab/gateway-lab.ts up|down|status`.
// `up` leaves a gateway lab running after exit and prints its connection details as JSON
// (also written to .lab/gateway-lab.json, root-only); `down` tears it down.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startGatewayLab } from "./gateway";
import { readLeases } from "./state";
import { sweepLeftovers, teardownLease } from "./teardown";
import { runCli } from "./cli";

const LABEL = "gateway-cli";
const STATE_DIR = fileURLToPath(new URL("../.lab/", import.meta.url));
const DETAILS_FILE = `${STATE_DIR}gateway-lab.json`;

async function up(): Promise<void> {
  await down({ quiet: true });
  const lab = await startGatewayLab({ keep: true, label: LABEL });
  const details = {
    tag: lab.lab.tag,
    host: lab.host,
    port: lab.port,
    username: lab.username,
    password: lab.password,
    privateKey: lab.privateKey,
    encryptedKey: lab.encryptedKey,
    passphrase: lab.passphrase,
    blackholeHost: lab.blackholeHost,
    hostname: lab.hostname,
    hostKeyFingerprint: lab.hostKeyFingerprint,
  };
  mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
  writeFileSync(DETAILS_FILE, `${JSON.stringify(details, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(`${JSON.stringify(details, null, 2)}\n`);
}

async function down(options: { quiet?: boolean } = {}): Promise<void> {
  const kept = readLeases().filter((lease) => lease.keep && lease.label === LABEL);
  for (const lease of kept) await teardownLease(lease);
  const swept = await sweepLeftovers();
  rmSync(DETAILS_FILE, { force: true });
  if (!options.quiet) process.stdout.write(`${JSON.stringify({ down: kept.map((l) => l.tag), swept })}\n`);
}

function status(): void {
  try {
    process.stdout.write(readFileSync(DETAILS_FILE, "utf8"));
  } catch {
    process.stdout.write("null\n");
    process.exitCode = 1;
  }
}

runCli("gateway-lab", "tsx lab/gateway-lab.ts up|down|status", { up, down, status });
