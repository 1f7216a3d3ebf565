// CLI for end-to-end tests (the Pools page on a Linux gateway): `npx tsx lab/pool-lab.ts up|down|status`.
// `up` leaves a pool lab running after exit (see pool.ts) and prints its connection details as JSON (also written
// to .lab/pool-lab.json, root-only); `down` tears it down.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runCli } from "./cli";
import { POOL_LAB, startPoolLab } from "./pool";
import { readLeases } from "./state";
import { sweepLeftovers, teardownLease } from "./teardown";
import { ISP_PLANS } from "./wan-lab-addr";

const LABEL = "pool-cli";
const STATE_DIR = fileURLToPath(new URL("../.lab/", import.meta.url));
const DETAILS_FILE = `${STATE_DIR}pool-lab.json`;
const PRIVATE_PORT = 2222;

async function up(): Promise<void> {
  await down({ quiet: true });
  const lab = await startPoolLab({ keep: true, label: LABEL, sshPort: PRIVATE_PORT });
  const { wan } = lab;
  const details = {
    tag: wan.lab.tag,
    host: wan.host,
    port: PRIVATE_PORT,
    username: "root",
    privateKey: wan.privateKey,
    hostKeyFingerprint: wan.hostKeyFingerprint,
    hostname: wan.hostname,
    probeTargets: [...wan.probeTargets],
    lanSubnet: wan.lanSubnet,
    lanInterface: wan.interfaces.lan,
    links: ISP_PLANS.filter((plan) => wan.interfaces.wans.includes(plan.wanIf)).map((plan) => ({
      name: plan.name,
      interface: plan.wanIf,
      gateway: plan.ispAddress,
    })),
    pool: { interface: POOL_LAB.vipInterface, address: POOL_LAB.vip, port: POOL_LAB.vipPort, protocol: "tcp" },
    backends: lab.backends.map((b) => ({ name: b.name, address: b.address, port: b.port, namespace: b.node.namespace ?? "" })),
    client: { namespace: wan.internet.namespace ?? "", address: POOL_LAB.client },
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

runCli("pool-lab", "tsx lab/pool-lab.ts up|down|status", { up, down, status });
