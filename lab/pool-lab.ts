// CLI for end-to-end tests (the Pools page on a Linux gateway): `npx tsx lab/pool-lab.ts up|down|status`.
// `up` leaves a pool lab running after exit (see pool.ts) and prints its connection details as JSON (also written
// to .lab/pool-lab.json, root-only); `down` tears it down. `stop-backend NAME` kills a backend's server (its port
// then refuses, so the gateway's checks take it out), `start-backend NAME` starts it again.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { runCli } from "./cli";
import { waitFor } from "./exec";
import { CLI_STATE_DIR, keptLab } from "./kept-lab";
import { BACKEND_SCRIPT, POOL_LAB, startPoolLab } from "./pool";
import { readLeases } from "./state";
import { namespacePids } from "./teardown";
import { ISP_PLANS } from "./wan-lab-addr";

const kept = keptLab("pool-cli", "pool-lab.json");
const PRIVATE_PORT = 2222;

async function up(): Promise<void> {
  await kept.down({ quiet: true });
  const lab = await startPoolLab({ keep: true, label: kept.label, sshPort: PRIVATE_PORT });
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
  kept.publish(details);
}

const { down, status } = kept;

type Details = { tag: string; backends: { name: string; address: string; port: number; namespace: string }[] };

function keptBackend(): Details["backends"][number] {
  const name = process.argv[3] ?? "";
  const details = kept.details<Details>();
  const lease = readLeases().find((l) => l.keep && l.label === kept.label && l.tag === details.tag);
  const backend = details.backends.find((b) => b.name === name);
  if (!lease || !backend || !lease.namespaces.includes(backend.namespace)) throw new Error(`no backend ${name} in a kept pool lab`);
  return backend;
}

async function serverPids(namespace: string): Promise<number[]> {
  const pids = await namespacePids(namespace);
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("pool-backend.mjs");
    } catch {
      return false;
    }
  });
}

async function stopBackend(): Promise<void> {
  const backend = keptBackend();
  for (const pid of await serverPids(backend.namespace)) process.kill(pid, "SIGKILL");
  await waitFor(async () => (await serverPids(backend.namespace)).length === 0, 10_000, `${backend.name} stopped`);
  process.stdout.write(`${JSON.stringify({ stopped: backend.name })}\n`);
}

async function startBackend(): Promise<void> {
  const backend = keptBackend();
  if ((await serverPids(backend.namespace)).length > 0) throw new Error(`${backend.name} is running already`);
  const log = `${CLI_STATE_DIR}pool-backend-${backend.name}.log`;
  const fd = openSync(log, "w", 0o600);
  const argv = ["netns", "exec", backend.namespace, process.execPath, BACKEND_SCRIPT, backend.name, backend.address, String(backend.port)];
  spawn("ip", argv, { detached: true, stdio: ["ignore", fd, fd] }).unref();
  closeSync(fd);
  await waitFor(() => readFileSync(log, "utf8").includes("listening"), 10_000, `${backend.name} listening`);
  process.stdout.write(`${JSON.stringify({ started: backend.name })}\n`);
}

runCli("pool-lab", "tsx lab/pool-lab.ts up|down|status|stop-backend NAME|start-backend NAME", {
  up,
  down,
  status,
  "stop-backend": stopBackend,
  "start-backend": startBackend,
});
