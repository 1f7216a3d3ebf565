// CLI for end-to-end tests: `npx tsx lab/wan-lab-cli.ts up|down|status|traffic [count] [--lab=<name>]`.
//
// Several labs can be kept at once, one per name (default "lb"), so that specs which each push their own policy to a
// gateway (load balancing, the setup wizard, the failover drill) never share one: each name has its own lease label
// and details file, and `down` without a name takes every kept WAN lab down.
//
// `up` leaves a dual-WAN lab (wan-lab.ts: gateway with wan1→isp1, wan2→isp2, lan0 and LAN clients, an internet
// host with the traffic server) running after exit and prints what Waymark needs to manage its gateway as JSON
// (also written to .lab/wan-lab.json, root-only). `down` tears it down. `status` prints the saved details.
// `traffic N` opens N TCP connections from a LAN client of the kept lab to the internet host (inside the lab's
// namespaces only) and prints a summary: how many succeeded and which ISP carried them.
//
// The gateway is a network namespace only, so every process in it sees the host's filesystem, including the
// directories Waymark uses on a gateway (/run/waymark, /etc/waymark, /usr/local/lib/waymark). Other labs on the
// machine (test suites, benches) push to their gateways at the same time and would share the push lock, the
// monitor's state and its supervisor with this one. So Waymark reaches this gateway through a second sshd
// (PRIVATE_PORT) started in a private mount namespace with a tmpfs on each of those directories: every command
// of a push, and the monitor it starts, sees private copies, and nothing on the host's filesystem changes. The
// mounts vanish with the namespace's last process, which `down` kills with the rest of the lab.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { run } from "./exec";
import { startPrivateSshd } from "./private-sshd";
import type { LabNode } from "./lab";
import { readLeases } from "./state";
import { sweepLeftovers, teardownLease } from "./teardown";
import { openConnections, summarize } from "./traffic";
import { ISP_PLANS } from "./wan-lab-addr";
import { startWanLab } from "./wan-lab";
import { runCli } from "./cli";

const STATE_DIR = fileURLToPath(new URL("../.lab/", import.meta.url));
/** Whether --lab was given: `down` without it takes every kept WAN lab down. Read before labNameFromArgv removes it. */
const EXPLICIT_LAB = process.argv.some((arg) => arg.startsWith("--lab="));
const LAB_NAME = labNameFromArgv();
const LABEL = `wan-cli-${LAB_NAME}`;
const DETAILS_FILE = `${STATE_DIR}wan-lab-${LAB_NAME}.json`;
/** The private sshd's port on the gateway (the lab's own sshd keeps port 22, with the shared filesystem). */
const PRIVATE_PORT = 2222;
const LAN_CLIENTS = 2;

export type WanLabCliDetails = {
  tag: string;
  host: string;
  port: number;
  username: "root";
  privateKey: string;
  hostKeyFingerprint: string;
  hostname: string;
  probeTargets: string[];
  lanSubnet: string;
  lanInterface: string;
  /** One per ISP, in order: the link name, the gateway's interface towards it and its next hop. */
  links: { name: string; interface: string; gateway: string }[];
  /** The LAN clients' network namespaces (what `traffic` runs in). */
  clients: { name: string; namespace: string; address: string }[];
};

async function up(): Promise<void> {
  await down({ quiet: true });
  const lab = await startWanLab({ keep: true, label: LABEL, lanClients: LAN_CLIENTS });
  try {
    await startPrivateSshd(lab, { port: PRIVATE_PORT, detached: true });
  } catch (error) {
    await lab.stop();
    throw error;
  }
  const details: WanLabCliDetails = {
    tag: lab.lab.tag,
    host: lab.host,
    port: PRIVATE_PORT,
    username: "root",
    privateKey: lab.privateKey,
    hostKeyFingerprint: lab.hostKeyFingerprint,
    hostname: lab.hostname,
    probeTargets: [...lab.probeTargets],
    lanSubnet: lab.lanSubnet,
    lanInterface: lab.interfaces.lan,
    links: ISP_PLANS.filter((plan) => lab.interfaces.wans.includes(plan.wanIf)).map((plan) => ({
      name: plan.name,
      interface: plan.wanIf,
      gateway: plan.ispAddress,
    })),
    clients: lab.clients.map((client) => ({ name: client.name, namespace: client.node.namespace ?? "", address: client.address })),
  };
  mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
  writeFileSync(DETAILS_FILE, `${JSON.stringify(details, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(`${JSON.stringify(details, null, 2)}\n`);
}

/** `--lab=<name>` anywhere on the command line (removed from argv, so the positional arguments stay in place). */
function labNameFromArgv(): string {
  const at = process.argv.findIndex((arg) => arg.startsWith("--lab="));
  if (at === -1) return "lb";
  const name = process.argv[at]!.slice("--lab=".length);
  if (!/^[a-z][a-z0-9]{0,11}$/.test(name)) throw new Error(`wan-lab: --lab=${name}: 1-12 lower-case letters and digits, starting with a letter`);
  process.argv.splice(at, 1);
  return name;
}

/** Takes the named lab down; with no --lab given on `down`, every kept WAN lab (what a test run's teardown wants). */
async function down(options: { quiet?: boolean; every?: boolean } = {}): Promise<void> {
  const mine = (label: string) => (options.every ? label.startsWith("wan-cli") : label === LABEL);
  const kept = readLeases().filter((lease) => lease.keep && mine(lease.label));
  for (const lease of kept) await teardownLease(lease);
  const swept = await sweepLeftovers();
  if (options.every && existsSync(STATE_DIR)) {
    for (const file of readdirSync(STATE_DIR, { withFileTypes: true })) {
      if (/^wan-lab(-[a-z0-9]+)?\.json$/.test(file.name)) rmSync(`${STATE_DIR}${file.name}`, { force: true });
    }
  } else rmSync(DETAILS_FILE, { force: true });
  if (!options.quiet) process.stdout.write(`${JSON.stringify({ down: kept.map((l) => l.tag), swept })}\n`);
}

function readDetails(): WanLabCliDetails | null {
  try {
    return JSON.parse(readFileSync(DETAILS_FILE, "utf8")) as WanLabCliDetails;
  } catch {
    return null;
  }
}

function status(): void {
  const details = readDetails();
  process.stdout.write(`${JSON.stringify(details, null, 2)}\n`);
  if (!details) process.exitCode = 1;
}

/** `traffic [count] [client]`: count connections (default 200) from a LAN client (default lan1) of the kept lab. */
async function traffic(): Promise<void> {
  const count = Number(process.argv[3] ?? 200);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new Error("traffic: count must be 1-10000");
  const clientName = process.argv[4] ?? "lan1";
  const details = readDetails();
  if (!details) throw new Error("traffic: no kept WAN lab (run `up` first)");
  const lease = readLeases().find((l) => l.keep && l.label === LABEL && l.tag === details.tag);
  if (!lease) throw new Error(`traffic: the kept WAN lab ${details.tag} is gone`);
  const client = details.clients.find((c) => c.name === clientName);
  // Only a namespace this lab's lease owns: the client never runs in the root namespace or another lab's.
  if (!client || !lease.namespaces.includes(client.namespace)) throw new Error(`traffic: no LAN client ${clientName} in lab ${details.tag}`);
  const started = Date.now();
  const results = await openConnections(namespaceNode(client.name, client.namespace), { count, concurrency: 10, timeoutMs: 3_000 });
  process.stdout.write(`${JSON.stringify({ client: client.name, ...summarize(results), elapsedMs: Date.now() - started })}\n`);
}

/** A LAN client of the kept lab, rebuilt from its namespace name (what openConnections needs). */
function namespaceNode(role: string, namespace: string): LabNode {
  const wrap = (argv: readonly string[]) => ["ip", "netns", "exec", namespace, ...argv];
  return {
    role,
    namespace,
    hostname: null,
    exec: (argv, options) => run(wrap(argv), options),
    spawn: () => {
      throw new Error("wan-lab-cli: spawn is not supported on a rebuilt node");
    },
  };
}

runCli("wan-lab", "tsx lab/wan-lab-cli.ts up|down|status|traffic [count] [lanN] [--lab=<name>]", {
  up,
  down: () => down({ every: !EXPLICIT_LAB }),
  status,
  traffic,
});
