// The shared-VIP lab: three servers ("nodes") and a client on one Ethernet segment, a lab-owned bridge in its own
// namespace with multicast snooping off (so frames to the VIP's multicast MAC reach every port, as on a switch
// without IGMP snooping). Each node has its own management link from the root namespace with a real sshd that
// runs with private /run/waymark, /etc/waymark and /usr/local/lib/waymark (see private-sshd.ts for why), and the
// lab's service (vip-service.mjs) answering its name. The client has many source addresses (vip-client.mjs).
//
//   root ──mgmt /30── n1, n2, n3 ──seg── [bridge] ──seg── client (sources .160–.199 in .128/25)
//
// CLI for the sites slices' tests and e2e: `npx tsx lab/vip-lab.ts up|down|status` (JSON on stdout).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "./cli";
import { waitFor } from "./exec";
import { keptLab } from "./kept-lab";
import { createLab, LAB_NET, type Lab, type LabNode } from "./lab";
import { SSHD, startSshd } from "./sshd";
import { ensureLabUser, generateClientKeys } from "./users";

export const VIP_IF = "vip0";
const PRIVATE_DIRS = ["/run/waymark", "/etc/waymark", "/usr/local/lib/waymark"] as const;
const HERE = path.dirname(fileURLToPath(import.meta.url));

export type VipLabNode = {
  name: string;
  nodeId: number;
  node: LabNode;
  /** Management address and sshd port (root logs in with `privateKey`). */
  host: string;
  port: number;
  hostKeyFingerprint: string;
  /** The node's own address on the segment (heartbeats), on interface vip0. */
  address: string;
  /** The bridge's port towards this node: down = the node's cable pulled. */
  bridgePort: string;
  /** While this file exists the node's HTTP check target answers 503. */
  failFile: string;
};

export type VipLab = {
  lab: Lab;
  nodes: VipLabNode[];
  username: "root";
  privateKey: string;
  vip: string;
  prefixLength: number;
  client: LabNode;
  sources: string[];
  /** One UDP datagram from each source to the VIP: who answered each. */
  probe: (waitMs?: number) => Promise<Record<string, string[]>>;
  /** Pulls (false) or plugs back (true) a node's cable at the bridge. */
  setLink: (node: VipLabNode, up: boolean) => Promise<void>;
  setCheckFailing: (node: VipLabNode, failing: boolean) => void;
  stop: () => Promise<void>;
};

export async function startVipLab(options: { keep?: boolean; label?: string; nodes?: number; clients?: number } = {}): Promise<VipLab> {
  const lab = await createLab({ label: options.label ?? "vip", keep: options.keep });
  try {
    return await build(lab, options.nodes ?? 3, options.clients ?? 40, options.keep ?? false);
  } catch (error) {
    await lab.teardown();
    throw error;
  }
}

async function build(lab: Lab, count: number, clients: number, keep: boolean): Promise<VipLab> {
  const seg = (n: number) => `${LAB_NET}.${lab.block}.${n}`;
  const prefixLength = 25; // the block's .128/25: the management /30s use the bottom of the block
  const switchNs = await lab.addNode("seg");
  await switchNs.exec(["ip", "link", "add", "br0", "type", "bridge", "mcast_snooping", "0"]);
  await switchNs.exec(["ip", "link", "set", "br0", "up"]);
  const port = async (node: LabNode, index: number, ifname: string): Promise<string> => {
    const bridgePort = `p${index}`;
    if (!node.namespace || !switchNs.namespace) throw new Error("vip lab: nodes live in namespaces");
    await switchNs.exec(["ip", "link", "add", bridgePort, "type", "veth", "peer", ifname, "netns", node.namespace]);
    await switchNs.exec(["ip", "link", "set", bridgePort, "master", "br0", "up"]);
    await node.exec(["ip", "link", "set", ifname, "up"]);
    return bridgePort;
  };
  const [user, keys] = await Promise.all([ensureLabUser(), generateClientKeys(lab.tmpDir)]);
  const nodes: VipLabNode[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `n${i}`;
    const node = await lab.addNode(name, { hostname: `wm-vip-${name}` });
    const mgmt = await lab.link(lab.root, node);
    const bridgePort = await port(node, i, VIP_IF);
    const address = seg(130 + i);
    await node.exec(["ip", "addr", "add", `${address}/${prefixLength}`, "dev", VIP_IF]);
    const dir = path.join(lab.tmpDir, name);
    mkdirSync(dir, { mode: 0o711 });
    const sshd = await startSshd(node, { dir, allowUsers: [user.username], authorizedKeys: keys.authorizedKeys, permitRootKeys: true, port: 2222 });
    const hostKeyFingerprint = sshd.hostKeyFingerprint;
    await sshd.stop();
    await privateSshd(node, dir, keep);
    const failFile = path.join(lab.tmpDir, `${name}.fail`);
    node.spawn(["node", path.join(HERE, "vip-service.mjs"), JSON.stringify({ name, failFile })], { logFile: path.join(dir, "service.log"), detached: keep });
    nodes.push({ name, nodeId: i, node, host: mgmt.b.address, port: 22, hostKeyFingerprint, address, bridgePort, failFile });
  }
  const client = await lab.addNode("client");
  await port(client, 0, "cli0");
  const sources = Array.from({ length: clients }, (_, k) => seg(160 + k));
  for (const s of sources) await client.exec(["ip", "addr", "add", `${s}/${prefixLength}`, "dev", "cli0"]);
  const vip = seg(130);
  for (const n of nodes)
    await waitFor(
      async () => (await n.node.exec(["cat", path.join(lab.tmpDir, n.name, "service.log")])).stdout.includes("listening"),
      10_000,
      `${n.name}'s service`,
    );
  return {
    lab,
    nodes,
    username: "root",
    privateKey: keys.privateKey,
    vip,
    prefixLength,
    client,
    sources,
    probe: async (waitMs = 400) => {
      const { stdout } = await client.exec(["node", path.join(HERE, "vip-client.mjs"), "probe", JSON.stringify({ vip, sources, waitMs })]);
      return JSON.parse(stdout) as Record<string, string[]>;
    },
    setLink: async (node, up) => {
      await switchNs.exec(["ip", "link", "set", node.bridgePort, up ? "up" : "down"]);
    },
    setCheckFailing: (node, failing) => {
      if (failing) writeFileSync(node.failFile, "");
      else rmSync(node.failFile, { force: true });
    },
    stop: () => lab.teardown(),
  };
}

/** sshd on port 22 of the node's management address, in a mount namespace of its own for Waymark's directories. */
async function privateSshd(node: LabNode, dir: string, keep: boolean): Promise<void> {
  const config = path.join(dir, "sshd_config.0");
  const logFile = path.join(dir, "sshd-private.log");
  const script = [
    "set -eu",
    ...PRIVATE_DIRS.map((d) => `mkdir -p ${d} && mount -t tmpfs -o mode=0755,size=64m waymark-lab ${d}`),
    `exec ${SSHD} -D -e -f "$0" -p 22 -o PidFile=none`,
  ].join("\n");
  const child = node.spawn(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, config], { logFile, detached: keep });
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`vip lab: sshd exited: ${readFileSync(logFile, "utf8")}`);
      return readFileSync(logFile, "utf8").includes("Server listening on");
    },
    10_000,
    "the node's sshd to listen",
  );
}

// ---- CLI ----
const kept = keptLab("vip-cli", "vip-lab.json");

async function up(): Promise<void> {
  await kept.down({ quiet: true });
  const lab = await startVipLab({ keep: true, label: kept.label });
  const details = {
    tag: lab.lab.tag,
    vip: lab.vip,
    prefixLength: lab.prefixLength,
    interface: VIP_IF,
    username: lab.username,
    privateKey: lab.privateKey,
    nodes: lab.nodes.map((n) => ({
      name: n.name,
      nodeId: n.nodeId,
      host: n.host,
      port: n.port,
      hostKeyFingerprint: n.hostKeyFingerprint,
      address: n.address,
      failFile: n.failFile,
    })),
    clientNamespace: lab.client.namespace,
    sources: lab.sources,
  };
  kept.publish(details);
}

const { down, status } = kept;

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]))
  runCli("vip-lab", "tsx lab/vip-lab.ts up|down|status", { up, down, status });
