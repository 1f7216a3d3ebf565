// CLI for the sites slices' tests and end-to-end specs, run as `npx tsx lab/anycast-lab.ts …` (or this file):
//   npx tsx lab/anycast-lab.ts up         starts the anycast lab (anycast-lab.ts), leaves it running after exit and
//                                         prints what Waymark needs to manage its members as JSON (also written,
//                                         root-only, to .lab/anycast-lab.json)
//   npx tsx lab/anycast-lab.ts down   tears it down
//   npx tsx lab/anycast-lab.ts traffic [count]   connections from the lab's client: which server answered
import { fileURLToPath } from "node:url";
import { runCli } from "./cli";
import { ANYCAST_SERVICE, EDGE_ASN, startAnycastLab } from "./anycast-lab";
import { keptLab } from "./kept-lab";

const kept = keptLab("anycast-cli", "anycast-lab.json");

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
  await kept.down({ quiet: true });
  const lab = await startAnycastLab({ keep: true, label: kept.label });
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
  kept.publish(details);
  process.exit(0);
}

async function traffic(): Promise<void> {
  const details = kept.details<AnycastLabDetails>();
  const count = Number(process.argv[3] ?? "200");
  const { run } = await import("./exec");
  const script = fileURLToPath(new URL("./anycast-client.mjs", import.meta.url));
  const config = JSON.stringify({ host: details.service.address, port: details.service.port, count, concurrency: 20, timeoutMs: 1500 });
  const { stdout } = await run(["ip", "netns", "exec", details.clientNamespace, process.execPath, script, config]);
  process.stdout.write(stdout);
}

runCli("anycast-lab", "npx tsx lab/anycast-lab.ts up|down|traffic [count]", { up, down: () => kept.down(), traffic });
