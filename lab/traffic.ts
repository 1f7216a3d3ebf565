// Traffic tools for the WAN lab: a TCP "truth" server on the internet host that tells every client the
// source address it saw (so which ISP carried the connection), a client runner for LAN namespaces, and
// iperf3 helpers for throughput benchmarks. The scripts are plain JS so a namespace starts them with bare node.
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run, waitFor } from "./exec";
import type { LabNode } from "./lab";
import { INTERNET_HOSTS, TRAFFIC_PORTS, whichLink, type IspName } from "./wan-lab-addr";

export { whichLink };

const SERVER_SCRIPT = fileURLToPath(new URL("./traffic-server.mjs", import.meta.url));
const CLIENT_SCRIPT = fileURLToPath(new URL("./traffic-client.mjs", import.meta.url));

/** One connection as the internet server logged it. */
export type ServerConnection = {
  id: number;
  /** Source address the server saw: the gateway's WAN address after masquerade. */
  peer: string;
  peerPort: number;
  local: string;
  localPort: number;
  link: IspName | null;
  openedAt: number;
  closedAt: number | null;
  bytesIn: number | null;
};

export type TrafficServer = {
  hosts: readonly string[];
  ports: readonly number[];
  pid: number;
  logFile: string;
  /** Every connection accepted so far (the record is on disk before the client gets its greeting). */
  connections: () => ServerConnection[];
  stop: () => Promise<void>;
};

export type TrafficServerOptions = {
  /** Directory for the connection log and stdout (the lab's tmpDir). */
  dir: string;
  hosts?: readonly string[];
  ports?: readonly number[];
  detached?: boolean;
};

export async function startTrafficServer(node: LabNode, options: TrafficServerOptions): Promise<TrafficServer> {
  const hosts = options.hosts ?? INTERNET_HOSTS;
  const ports = options.ports ?? TRAFFIC_PORTS;
  const logFile = join(options.dir, `traffic-${node.role}.jsonl`);
  const outFile = join(options.dir, `traffic-${node.role}.out`);
  const config = JSON.stringify({ hosts, ports, log: logFile });
  const child = node.spawn([process.execPath, SERVER_SCRIPT, config], { logFile: outFile, detached: options.detached });
  await waitFor(
    () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`traffic server exited: ${readText(outFile)}`);
      return readText(outFile).includes("traffic-server listening");
    },
    10_000,
    "the traffic server to listen",
  );
  return {
    hosts,
    ports,
    pid: child.pid ?? -1,
    logFile,
    connections: () => readConnections(logFile),
    stop: () => stopChild(child),
  };
}

function readConnections(logFile: string): ServerConnection[] {
  const byId = new Map<number, ServerConnection>();
  for (const line of readText(logFile).split("\n")) {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // empty, or a line being written right now
    }
    const id = record.id as number;
    if (record.event === "open") {
      const peer = record.peer as string;
      byId.set(id, {
        id,
        peer,
        peerPort: record.peerPort as number,
        local: record.local as string,
        localPort: record.localPort as number,
        link: whichLink(peer),
        openedAt: record.t as number,
        closedAt: null,
        bytesIn: null,
      });
    } else if (record.event === "close") {
      const connection = byId.get(id);
      if (connection) Object.assign(connection, { closedAt: record.t as number, bytesIn: record.bytesIn as number });
    }
  }
  return [...byId.values()];
}

export type ConnectOptions = {
  /** Target address; default 192.0.2.10. */
  host?: string;
  /** Default 8080. */
  port?: number;
  /** Connections to open; default 1. */
  count?: number;
  /** How many are open at once; default 1 (sequential). */
  concurrency?: number;
  /** Per connection: time to get the greeting, and the longest an echo may take while holding. Default 2000. */
  timeoutMs?: number;
  /** Keep each connection open this long, exchanging a byte every echoEveryMs (detects stalls). Default 0. */
  holdMs?: number;
  echoEveryMs?: number;
};

export type ConnectionResult = {
  ok: boolean;
  /** Source address the internet server saw (null when the connection never got its greeting). */
  seenAs: string | null;
  seenPort: number | null;
  /** The ISP that carried it, from seenAs. */
  link: IspName | null;
  /** The client's own (pre-NAT) source port. */
  localPort: number | null;
  host: string;
  port: number;
  /** Time to the greeting (or to the failure); with holdMs, the whole connection. */
  ms: number;
  /** Echo bytes returned while holding. */
  echoes: number;
  /** "timeout", "stalled", "ECONNREFUSED", "EHOSTUNREACH", ... */
  error?: string;
  /** With holdMs: when (ms after connect) the first unanswered byte was sent. */
  stalledAtMs?: number;
};

/** Opens TCP connections from inside `node` (a LAN client) to the internet server. */
export async function openConnections(node: LabNode, options: ConnectOptions = {}): Promise<ConnectionResult[]> {
  const config = {
    host: options.host ?? INTERNET_HOSTS[0],
    port: options.port ?? TRAFFIC_PORTS[0],
    count: options.count ?? 1,
    concurrency: options.concurrency ?? 1,
    timeoutMs: options.timeoutMs ?? 2_000,
    holdMs: options.holdMs ?? 0,
    echoEveryMs: options.echoEveryMs ?? 100,
  };
  const rounds = Math.ceil(config.count / Math.max(1, config.concurrency));
  const budget = rounds * (2 * config.timeoutMs + config.holdMs) + 15_000;
  const { stdout } = await run(["ip", "netns", "exec", namespaceOf(node), process.execPath, CLIENT_SCRIPT, JSON.stringify(config)], {
    timeoutMs: budget,
  });
  const raw = JSON.parse(stdout) as Omit<ConnectionResult, "link" | "host" | "port">[];
  return raw.map((r) => ({ ...r, link: whichLink(r.seenAs), host: config.host, port: config.port }));
}

export type TrafficSummary = {
  total: number;
  ok: number;
  failed: number;
  /** Successful connections per ISP ("unknown" when the source address is no WAN address). */
  byLink: Partial<Record<IspName | "unknown", number>>;
  errors: Record<string, number>;
  p50Ms: number;
  maxMs: number;
};

export function summarize(results: readonly ConnectionResult[]): TrafficSummary {
  const byLink: TrafficSummary["byLink"] = {};
  const errors: Record<string, number> = {};
  for (const r of results) {
    if (r.ok) byLink[r.link ?? "unknown"] = (byLink[r.link ?? "unknown"] ?? 0) + 1;
    else errors[r.error ?? "failed"] = (errors[r.error ?? "failed"] ?? 0) + 1;
  }
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const ok = results.filter((r) => r.ok).length;
  return {
    total: results.length,
    ok,
    failed: results.length - ok,
    byLink,
    errors,
    p50Ms: times[Math.floor(times.length / 2)] ?? 0,
    maxMs: times.at(-1) ?? 0,
  };
}

export type IperfServer = { host: string; port: number; stop: () => Promise<void> };

/** iperf3 server on the internet host (one test at a time, as iperf3 does). */
export async function startIperfServer(node: LabNode, options: { dir: string; host?: string; port?: number; detached?: boolean }): Promise<IperfServer> {
  const host = options.host ?? INTERNET_HOSTS[0];
  const port = options.port ?? 5201;
  const outFile = join(options.dir, `iperf3-${node.role}-${port}.out`);
  const child = node.spawn(["iperf3", "-s", "-B", host, "-p", String(port), "--forceflush"], { logFile: outFile, detached: options.detached });
  await waitFor(
    () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`iperf3 -s exited: ${readText(outFile)}`);
      return readText(outFile).includes("Server listening");
    },
    10_000,
    "iperf3 to listen",
  );
  return { host, port, stop: () => stopChild(child) };
}

export type IperfResult = { bitsPerSecond: number; retransmits: number | null; seconds: number };

/** Runs an iperf3 TCP test from `node` (a LAN client) against an iperf3 server. */
export async function runIperf(
  node: LabNode,
  options: { host?: string; port?: number; seconds?: number; reverse?: boolean; parallel?: number } = {},
): Promise<IperfResult> {
  const seconds = options.seconds ?? 1;
  const argv = ["iperf3", "-c", options.host ?? INTERNET_HOSTS[0], "-p", String(options.port ?? 5201), "-t", String(seconds), "-J"];
  if (options.reverse) argv.push("-R");
  if (options.parallel) argv.push("-P", String(options.parallel));
  const { stdout } = await run(["ip", "netns", "exec", namespaceOf(node), ...argv], { timeoutMs: seconds * 1000 + 20_000 });
  const end = (JSON.parse(stdout) as { end: { sum_received?: { bits_per_second: number }; sum_sent?: { retransmits?: number } } }).end;
  return { bitsPerSecond: end.sum_received?.bits_per_second ?? 0, retransmits: end.sum_sent?.retransmits ?? null, seconds };
}

function namespaceOf(node: LabNode): string {
  if (!node.namespace) throw new Error("traffic: clients run inside lab namespaces only");
  return node.namespace;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(killer);
}

function readText(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}
