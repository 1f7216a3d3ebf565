// The anycast lab: an edge router namespace, three server namespaces and a client namespace behind the edge.
//
//   root ──mgmt──▶ edge, web1, web2, web3 (each its own sshd, root by key, in a private mount namespace)
//   client (10.213.b.x) ──▶ edge ──▶ web1 / web2 / web3 (eth0 each), each answering on 192.0.2.53:8053 with its name
//
// Every member runs its own BIRD 2 (`bird -f`, config and control socket under the lab's tmpDir: the member's
// `bird` paths) started with a configuration holding only a router id, so Waymark's push brings the site. Each
// sshd runs in a private mount namespace with a tmpfs on Waymark's directories (/run/waymark, /etc/waymark,
// /usr/local/lib/waymark): the four members and any other lab on the machine never share a push lock, a health
// daemon or its state. The service address lives only in these namespaces; the root namespace has no route to it,
// and the edge never forwards to or from its management link.
//
// CLI: `npx tsx lab/anycast-lab.ts up|down|traffic [count]` (anycast-lab-cli.ts: JSON for the sites slices' tests).
import type { ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { run, waitFor } from "./exec";
import { createLab, type Lab, type LabNode } from "./lab";
import { guard, privateMounts, waitForRoute } from "./anycast-lab-net";
import { startSshd, stopChild } from "./sshd";
import { ensureLabUser, generateClientKeys } from "./users";

export const ANYCAST_SERVICE = { address: "192.0.2.53", port: 8053 } as const;
export const EDGE_ASN = 65000;
const SERVICE_SCRIPT = fileURLToPath(new URL("./anycast-service.mjs", import.meta.url));
const CLIENT_SCRIPT = fileURLToPath(new URL("./anycast-client.mjs", import.meta.url));

export type AnycastLabMember = {
  name: string;
  node: LabNode;
  /** Where Waymark reaches it: sshd on the root<->member link, root by the lab's key. */
  host: string;
  port: number;
  hostKeyFingerprint: string;
  bird: { configFile: string; controlSocket: string };
};

export type AnycastLabServer = AnycastLabMember & { interface: "eth0"; address: string; edgeAddress: string; asn: number };

export type AnycastLab = {
  lab: Lab;
  edge: AnycastLabMember & { asn: number };
  servers: AnycastLabServer[];
  client: LabNode;
  privateKey: string;
  service: typeof ANYCAST_SERVICE;
  /** `count` connections from the client, each from a new source port: which server answered, how many failed. */
  traffic: (count: number, options?: { concurrency?: number; timeoutMs?: number }) => Promise<{ answers: Record<string, number>; failed: number }>;
  /** The service process on server i stops (its health check fails) or starts again. */
  stopService: (index: number) => Promise<void>;
  startService: (index: number) => Promise<void>;
  /** Server i goes silent: everything on its link to the edge is dropped (BGP, BFD, traffic), or flows again. */
  blackhole: (index: number) => Promise<void>;
  restore: (index: number) => Promise<void>;
  /** The next hops of the edge's kernel route to the service address, now. */
  edgeNexthops: () => Promise<string[]>;
  /** Resolves with Date.now() at the first route change on the edge after which `wanted(next hops)` holds. */
  waitForEdgeRoute: (wanted: (nexthops: string[]) => boolean, timeoutMs: number) => Promise<number>;
  birdc: (member: AnycastLabMember, ...words: string[]) => Promise<string>;
  stop: () => Promise<void>;
};

export async function startAnycastLab(options: { keep?: boolean; label?: string } = {}): Promise<AnycastLab> {
  const lab = await createLab({ label: options.label ?? "anycast", keep: options.keep });
  try {
    return await build(lab, options.keep ?? false);
  } catch (error) {
    await lab.teardown();
    throw error;
  }
}

async function build(lab: Lab, keep: boolean): Promise<AnycastLab> {
  const [user, keys] = await Promise.all([ensureLabUser(), generateClientKeys(lab.tmpDir)]);
  const children: ChildProcess[] = [];
  const services = new Map<number, ChildProcess>();
  const edgeNode = await lab.addNode("edge", { hostname: "edge-1" });
  const serverNodes = [];
  for (let i = 1; i <= 3; i++) serverNodes.push(await lab.addNode(`web${i}`, { hostname: `web-${i}` }));
  const client = await lab.addNode("client");

  const member = async (name: string, node: LabNode, routerId: string): Promise<AnycastLabMember & { mgmtIf: string }> => {
    const mgmt = await lab.link(lab.root, node);
    const dir = join(lab.tmpDir, name);
    mkdirSync(dir, { mode: 0o711 });
    const sshd = await startSshd(privateMounts(node), {
      dir,
      allowUsers: [user.username],
      authorizedKeys: keys.authorizedKeys,
      permitRootKeys: true,
      detached: keep,
    });
    const bird = { configFile: join(dir, "bird.conf"), controlSocket: join(dir, "bird.ctl") };
    writeFileSync(bird.configFile, `router id ${routerId};\nprotocol device wm_device { scan time 10; }\n`);
    children.push(
      node.spawn(["bird", "-f", "-c", bird.configFile, "-s", bird.controlSocket, "-P", join(dir, "bird.pid")], {
        logFile: join(dir, "bird.log"),
        detached: keep,
      }),
    );
    await waitFor(
      async () =>
        await node.exec(["birdc", "-s", bird.controlSocket, "show", "status"]).then(
          () => true,
          () => false,
        ),
      10_000,
      `BIRD on ${name}`,
    );
    return { name, node, host: mgmt.b.address, port: sshd.port, hostKeyFingerprint: sshd.hostKeyFingerprint, bird, mgmtIf: mgmt.b.ifname };
  };

  const dataLinks = [];
  for (const node of serverNodes) dataLinks.push(await lab.link(edgeNode, node));
  const clientLink = await lab.link(edgeNode, client);
  const { mgmtIf, ...edgeMember } = await member("edge-1", edgeNode, dataLinks[0]?.a.address ?? "0.0.0.1");
  const edge = { ...edgeMember, asn: EDGE_ASN };
  await edgeNode.exec(["nft", "-f", "-"], { input: guard(mgmtIf) });
  await edgeNode.exec(["sysctl", "-qw", "net.ipv4.ip_forward=1"]);
  await client.exec(["ip", "route", "add", "default", "via", clientLink.a.address]);

  const servers: AnycastLabServer[] = [];
  for (const [i, node] of serverNodes.entries()) {
    const link = dataLinks[i];
    if (!link) throw new Error("lab: missing data link");
    await node.exec([
      "sh",
      "-c",
      `ip link set dev ${link.b.ifname} down && ip link set dev ${link.b.ifname} name eth0 && ip link set dev eth0 up && ip route add default via ${link.a.address} dev eth0`,
    ]);
    const { mgmtIf: _mgmt, ...base } = await member(`web-${i + 1}`, node, link.b.address);
    servers.push({ ...base, interface: "eth0", address: link.b.address, edgeAddress: link.a.address, asn: 65001 + i });
  }

  const startService = async (index: number) => {
    const server = servers[index];
    if (!server) throw new Error(`lab: no server ${index}`);
    const logFile = join(lab.tmpDir, `service-${server.name}.log`);
    const child = server.node.spawn([process.execPath, SERVICE_SCRIPT, String(ANYCAST_SERVICE.port), server.name], { logFile, detached: keep });
    services.set(index, child);
    await waitFor(
      async () =>
        await server.node.exec(["sh", "-c", `ss -ltn | grep -q ':${ANYCAST_SERVICE.port} '`]).then(
          () => true,
          () => false,
        ),
      10_000,
      `service on ${server.name}`,
    );
  };
  for (const i of servers.keys()) await startService(i);

  const edgeNexthops = async () => {
    const { stdout } = await run(["ip", "-n", edgeNode.namespace ?? "", "-j", "route", "show", `${ANYCAST_SERVICE.address}/32`]);
    const routes = JSON.parse(stdout || "[]") as { gateway?: string; nexthops?: { gateway?: string }[] }[];
    const route = routes[0];
    if (!route) return [];
    return (route.nexthops ?? [route]).flatMap((h) => (h.gateway ? [h.gateway] : [])).sort();
  };

  return {
    lab,
    edge,
    servers,
    client,
    privateKey: keys.privateKey,
    service: ANYCAST_SERVICE,
    traffic: async (count, o = {}) => {
      const config = JSON.stringify({
        host: ANYCAST_SERVICE.address,
        port: ANYCAST_SERVICE.port,
        count,
        concurrency: o.concurrency ?? 20,
        timeoutMs: o.timeoutMs ?? 1500,
      });
      const { stdout } = await client.exec([process.execPath, CLIENT_SCRIPT, config]);
      return JSON.parse(stdout) as { answers: Record<string, number>; failed: number };
    },
    stopService: async (index) => {
      const child = services.get(index);
      if (child) await stopChild(child);
      services.delete(index);
    },
    startService,
    blackhole: async (index) => {
      const server = servers[index];
      await server?.node.exec(["nft", "-f", "-"], {
        input:
          'table inet wmlab_blackhole {\n  chain in { type filter hook input priority -300; policy accept; iifname "eth0" drop; }\n  chain out { type filter hook output priority -300; policy accept; oifname "eth0" drop; }\n}\n',
      });
    },
    restore: async (index) => {
      await servers[index]?.node.exec(["nft", "delete", "table", "inet", "wmlab_blackhole"]).catch(() => undefined);
    },
    edgeNexthops,
    waitForEdgeRoute: (wanted, timeoutMs) => waitForRoute(edgeNode, edgeNexthops, wanted, timeoutMs),
    birdc: async (m, ...words) => (await m.node.exec(["birdc", "-s", m.bird.controlSocket, ...words])).stdout,
    stop: async () => {
      for (const child of [...services.values(), ...children]) await stopChild(child).catch(() => undefined);
      await lab.teardown();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void import("./anycast-lab-cli");
