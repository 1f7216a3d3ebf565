// Server pool lab: the multi-WAN lab's gateway (real sshd, nftables, conntrack, socat) with three backends on its
// LAN, each running a small TCP/HTTP server that answers its own name, and a client on the "internet" host that
// connects to the gateway's wan1 address through isp1.
//
//   client (internet, 192.0.2.10) ── isp1 ── wan1 198.51.100.2:80 [gateway: dnat via the pool's map] ── lan0
//        ── b1 192.168.10.11:8080, b2 192.168.10.12:8080, b3 192.168.10.13:8080
//
// Waymark reaches the gateway as root over the private sshd (lab/private-sshd.ts), as in the push tests.
import type { ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sleep, waitFor } from "./exec";
import type { LabNode } from "./lab";
import { startPrivateSshd, type PrivateSshd } from "./private-sshd";
import { INTERNET_HOSTS, ISP_PLANS } from "./wan-lab-addr";
import { startWanLab, type WanLab } from "./wan-lab";

export const BACKEND_SCRIPT = fileURLToPath(new URL("./pool-backend.mjs", import.meta.url));
const CLIENT_SCRIPT = fileURLToPath(new URL("./pool-client.mjs", import.meta.url));

export const POOL_LAB = {
  /** Where clients connect: the gateway's wan1 address. */
  vip: ISP_PLANS[0]!.wanAddress,
  vipInterface: ISP_PLANS[0]!.wanIf,
  vipPort: 80,
  backendPort: 8080,
  client: INTERNET_HOSTS[0]!,
} as const;

export type PoolBackend = { name: string; address: string; port: number; node: LabNode };

export type PoolLab = {
  wan: WanLab;
  sshd: PrivateSshd;
  backends: PoolBackend[];
  /** n HTTP GETs to the pool from the client (concurrency 20 by default): how many each backend answered. */
  count: (n: number, concurrency?: number) => Promise<{ names: Record<string, number>; failed: number; ms: number }>;
  /** One long-lived connection from the client, a line every `everyMs`; `answers()` lists what came back. */
  hold: (everyMs?: number) => Promise<HeldConnection>;
  /** Kills a backend's server (its port then refuses connections), or starts it again. */
  killBackend: (name: string) => Promise<void>;
  startBackend: (name: string) => Promise<void>;
  stop: () => Promise<void>;
};

export type HeldConnection = {
  answers: () => { t: number; name?: string; event?: string }[];
  close: () => Promise<void>;
};

export async function startPoolLab(options: { keep?: boolean; label?: string; sshPort?: number } = {}): Promise<PoolLab> {
  const wan = await startWanLab({ keep: options.keep, label: options.label ?? "pool", lanClients: 3, trafficServer: false });
  try {
    return await build(wan, options);
  } catch (error) {
    await wan.stop();
    throw error;
  }
}

async function build(wan: WanLab, options: { keep?: boolean; sshPort?: number }): Promise<PoolLab> {
  const sshd = await startPrivateSshd(wan, { port: options.sshPort ?? 2222, detached: options.keep });
  const backends: PoolBackend[] = wan.clients.map((c, i) => ({ name: `b${i + 1}`, address: c.address, port: POOL_LAB.backendPort, node: c.node }));
  const servers = new Map<string, ChildProcess>();
  const logOf = (name: string) => path.join(wan.lab.tmpDir, `pool-backend-${name}.log`);

  const startBackend = async (name: string) => {
    const b = backends.find((x) => x.name === name);
    if (!b) throw new Error(`pool lab: no backend ${name}`);
    const before = existsSync(logOf(name)) ? readFileSync(logOf(name), "utf8").length : 0;
    const child = b.node.spawn([process.execPath, BACKEND_SCRIPT, b.name, b.address, String(b.port)], { logFile: logOf(name), detached: options.keep });
    servers.set(name, child);
    await waitFor(() => existsSync(logOf(name)) && readFileSync(logOf(name), "utf8").slice(before).includes("listening"), 10_000, `backend ${name} listening`);
  };
  const killBackend = async (name: string) => {
    const child = servers.get(name);
    if (!child) throw new Error(`pool lab: backend ${name} is not running`);
    servers.delete(name);
    const gone = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));
    child.kill("SIGKILL");
    await gone;
  };
  await Promise.all(backends.map((b) => startBackend(b.name)));

  const client = wan.internet;
  let held = 0;
  return {
    wan,
    sshd,
    backends,
    count: async (n, concurrency = 20) => {
      if (!Number.isInteger(n) || n < 1 || n > 20_000) throw new Error("pool lab: count 1-20000");
      const { stdout } = await client.exec([process.execPath, CLIENT_SCRIPT, "count", POOL_LAB.vip, String(POOL_LAB.vipPort), String(n), String(concurrency)]);
      return JSON.parse(stdout.trim()) as { names: Record<string, number>; failed: number; ms: number };
    },
    hold: async (everyMs = 200) => {
      const log = path.join(wan.lab.tmpDir, `pool-hold-${++held}.jsonl`);
      appendFileSync(log, "");
      const child = client.spawn([process.execPath, CLIENT_SCRIPT, "hold", POOL_LAB.vip, String(POOL_LAB.vipPort), log, String(everyMs)], {
        logFile: `${log}.out`,
      });
      const answers = () =>
        readFileSync(log, "utf8")
          .split("\n")
          .filter((l) => l.trim() !== "")
          .map((l) => JSON.parse(l) as { t: number; name?: string; event?: string });
      await waitFor(() => answers().some((a) => a.name !== undefined), 10_000, "the held connection's first answer");
      return {
        answers,
        close: async () => {
          child.kill("SIGTERM");
          await sleep(50);
        },
      };
    },
    killBackend,
    startBackend,
    stop: async () => {
      for (const name of [...servers.keys()]) await killBackend(name).catch(() => undefined);
      await sshd.stop();
      await wan.stop();
    },
  };
}
