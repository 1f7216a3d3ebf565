import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run, type RunResult } from "./exec";
import { linkName, namespaceName, newLabTag } from "./names";
import { claimBlock, writeLease, type Lease } from "./state";
import { sweepLeftovers, teardownLease } from "./teardown";

// Test traffic only ever goes to 10.213.<block>.0/24, routed solely to veths a lab created.
export const LAB_NET = "10.213";

export type LabNode = {
  readonly role: string;
  /** Network namespace name; null for the root namespace (where the tests themselves run). */
  readonly namespace: string | null;
  readonly hostname: string | null;
  exec: (argv: readonly string[], options?: { input?: string }) => Promise<RunResult>;
  /** Starts a long-running process in the node; stdout and stderr go to `logFile`. */
  spawn: (argv: readonly string[], options: { logFile: string; detached?: boolean }) => ChildProcess;
};

export type LinkEnd = { node: LabNode; ifname: string; address: string };
export type LabLink = { a: LinkEnd; b: LinkEnd; prefixLength: 30 };

export type Lab = {
  readonly tag: string;
  readonly block: number;
  readonly root: LabNode;
  readonly tmpDir: string;
  addNode: (role: string, options?: { hostname?: string }) => Promise<LabNode>;
  /** Joins two nodes with a veth pair on the next free /30: `a` gets .1, `b` gets .2. */
  link: (a: LabNode, b: LabNode) => Promise<LabLink>;
  /** A spare /32 in the lab's block (10.213.<block>.252-254), for loopback-style service addresses. */
  spareAddress: () => string;
  teardown: () => Promise<void>;
};

let depsReady: Promise<void> | null = null;

/** Root check + idempotent apt install of sshd/iproute2/nftables, once per process. */
export function ensureLabDeps(): Promise<void> {
  if (process.getuid?.() !== 0) return Promise.reject(new Error("lab: network namespaces need root"));
  depsReady ??= run(["bash", fileURLToPath(new URL("./install-deps.sh", import.meta.url))], { timeoutMs: 300_000 }).then(() => undefined);
  return depsReady;
}

export async function createLab(options: { label: string; keep?: boolean }): Promise<Lab> {
  await ensureLabDeps();
  await sweepLeftovers();
  const tag = newLabTag();
  const tmpDir = join(tmpdir(), `wml${tag}`);
  const lease: Lease = {
    tag,
    label: options.label,
    pid: process.pid,
    keep: options.keep ?? false,
    block: null,
    namespaces: [],
    links: [],
    tmpDirs: [tmpDir],
    createdAt: new Date().toISOString(),
  };
  writeLease(lease);
  // Traversable but not listable: sshd reads authorized_keys in here as the unprivileged lab user.
  mkdirSync(tmpDir, { mode: 0o711 });
  lease.block = claimBlock(tag);
  writeLease(lease);
  return buildLab(lease, lease.block, tmpDir);
}

function buildLab(lease: Lease, block: number, tmpDir: string): Lab {
  let links = 0;
  let spare = 255;
  const lab: Lab = {
    tag: lease.tag,
    block,
    root: rootNode(),
    tmpDir,
    addNode: async (role, options = {}) => {
      const ns = namespaceName(lease.tag, role);
      lease.namespaces.push(ns);
      writeLease(lease);
      await run(["ip", "netns", "add", ns]);
      const node = namespaceNode(role, ns, options.hostname ?? null);
      await node.exec(["ip", "link", "set", "lo", "up"]);
      return node;
    },
    link: async (a, b) => {
      const index = links++;
      if (index >= 63) throw new Error("lab: a /24 block holds at most 63 links");
      const ends = [
        { node: a, ifname: linkName(lease.tag, index, "a"), address: `${LAB_NET}.${block}.${index * 4 + 1}` },
        { node: b, ifname: linkName(lease.tag, index, "b"), address: `${LAB_NET}.${block}.${index * 4 + 2}` },
      ] as const;
      lease.links.push(...ends.filter((end) => end.node.namespace === null).map((end) => end.ifname));
      writeLease(lease);
      await run(["ip", "link", "add", ...placement(ends[0]), "type", "veth", "peer", ...placement(ends[1])]);
      for (const end of ends) {
        await end.node.exec(["ip", "addr", "add", `${end.address}/30`, "dev", end.ifname]);
        await end.node.exec(["ip", "link", "set", end.ifname, "up"]);
      }
      return { a: ends[0], b: ends[1], prefixLength: 30 };
    },
    spareAddress: () => {
      if (spare <= 252) throw new Error("lab: out of spare addresses");
      return `${LAB_NET}.${block}.${--spare}`;
    },
    teardown: () => teardownLease(lease),
  };
  return lab;
}

function placement(end: LinkEnd): string[] {
  return end.node.namespace === null ? ["name", end.ifname] : ["name", end.ifname, "netns", end.node.namespace];
}

function rootNode(): LabNode {
  return {
    role: "root",
    namespace: null,
    hostname: null,
    exec: (argv, options) => run(argv, options),
    spawn: (argv, options) => spawnLogged(argv, options),
  };
}

function namespaceNode(role: string, ns: string, hostname: string | null): LabNode {
  // A private UTS namespace per process gives the node its own hostname without touching the host's.
  const wrap = (argv: readonly string[]) => [
    "ip",
    "netns",
    "exec",
    ns,
    ...(hostname ? ["unshare", "--uts", "sh", "-c", 'hostname "$0" && exec "$@"', hostname] : []),
    ...argv,
  ];
  return {
    role,
    namespace: ns,
    hostname,
    exec: (argv, options) => run(wrap(argv), options),
    spawn: (argv, options) => spawnLogged(wrap(argv), options),
  };
}

function spawnLogged(argv: readonly string[], options: { logFile: string; detached?: boolean }): ChildProcess {
  const [file, ...args] = argv;
  if (!file) throw new Error("spawn: empty argv");
  const fd = openSync(options.logFile, "a", 0o600);
  try {
    const child = spawn(file, args, { stdio: ["ignore", fd, fd], detached: options.detached ?? false });
    if (options.detached) child.unref();
    return child;
  } finally {
    closeSync(fd);
  }
}
