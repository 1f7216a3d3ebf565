// CLI for the sites slices' tests and end-to-end specs, run as `npx tsx lab/anycast-lab.ts …` (or this file):
//   npx tsx lab/anycast-lab.ts up         starts the anycast lab (anycast-lab.ts), leaves it running after exit and
//                                         prints what Waymark needs to manage its members as JSON (also written,
//                                         root-only, to .lab/anycast-lab.json)
//   npx tsx lab/anycast-lab.ts down   tears it down
//   npx tsx lab/anycast-lab.ts traffic [count]   connections from the lab's client: which server answered
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runCli } from "./cli";
import { ANYCAST_SERVICE, EDGE_ASN, startAnycastLab } from "./anycast-lab";
import { readLeases } from "./state";
import { sweepLeftovers, teardownLease } from "./teardown";

const STATE_DIR = fileURLToPath(new URL("../.lab/", import.meta.url));
const DETAILS_FILE = `${STATE_DIR}anycast-lab.json`;
const LABEL = "anycast-cli";

export type AnycastLabDetails = {
  tag: string;
  username: "root";
  privateKey: string;
  service: { address: string; port: number };
  edge: { name: string; host: string; port: number; hostKeyFingerprint: string; asn: number; bird: { configFile: string; controlSocket: string } };
  servers: {
    name: string;
    host: string;
    port: number;
    hostKeyFingerprint: string;
    interface: string;
    address: string;
    edgeAddress: string;
    asn: number;
    bird: { configFile: string; controlSocket: string };
  }[];
  /** The client namespace behind the edge (what `traffic` runs in). */
  clientNamespace: string;
};

async function up(): Promise<void> {
  await down(true);
  const lab = await startAnycastLab({ keep: true, label: LABEL });
  const pick = (m: { name: string; host: string; port: number; hostKeyFingerprint: string; bird: { configFile: string; controlSocket: string } }) => ({
    name: m.name,
    host: m.host,
    port: m.port,
    hostKeyFingerprint: m.hostKeyFingerprint,
    bird: m.bird,
  });
  const details: AnycastLabDetails = {
    tag: lab.lab.tag,
    username: "root",
    privateKey: lab.privateKey,
    service: { ...ANYCAST_SERVICE },
    edge: { ...pick(lab.edge), asn: EDGE_ASN },
    servers: lab.servers.map((s) => ({ ...pick(s), interface: s.interface, address: s.address, edgeAddress: s.edgeAddress, asn: s.asn })),
    clientNamespace: lab.client.namespace ?? "",
  };
  mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
  writeFileSync(DETAILS_FILE, `${JSON.stringify(details, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(`${JSON.stringify(details, null, 2)}\n`);
  process.exit(0);
}

async function down(quiet = false): Promise<void> {
  const kept = readLeases().filter((lease) => lease.keep && lease.label === LABEL);
  for (const lease of kept) await teardownLease(lease);
  const swept = await sweepLeftovers();
  rmSync(DETAILS_FILE, { force: true });
  if (!quiet) process.stdout.write(`${JSON.stringify({ down: kept.map((l) => l.tag), swept })}\n`);
}

async function traffic(): Promise<void> {
  const details = JSON.parse(readFileSync(DETAILS_FILE, "utf8")) as AnycastLabDetails;
  const count = Number(process.argv[3] ?? "200");
  const { run } = await import("./exec");
  const script = fileURLToPath(new URL("./anycast-client.mjs", import.meta.url));
  const config = JSON.stringify({ host: details.service.address, port: details.service.port, count, concurrency: 20, timeoutMs: 1500 });
  const { stdout } = await run(["ip", "netns", "exec", details.clientNamespace, process.execPath, script, config]);
  process.stdout.write(stdout);
}

runCli("anycast-lab", "npx tsx lab/anycast-lab.ts up|down|traffic [count]", { up, down: () => down(), traffic });
