// Shared by the bench/linux-*.ts benchmarks: a dual-WAN lab whose gateway is managed through a PRIVATE sshd,
// the Waymark intent for it, and pushing/reading state through the same code the dashboard uses.
//
// Why a private sshd: the lab isolates networking only, so every lab gateway shares the host's /run/waymark,
// /etc/waymark and /usr/local/lib/waymark (push lock, monitor pid files and state). A push to one lab gateway
// would stop the monitor another lab's push started (and take its push lock). The benchmark therefore starts a
// second sshd in the gateway namespace inside its own mount namespace, with empty tmpfs over those three
// directories, and pushes through it; the host's copies are never read or written.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { register } from "node:module";
import { join } from "node:path";
import { startPrivateSshd, startWanLab, type PrivateSshd, type WanLab, type WanLabOptions } from "../lab";
import { compileLinux, type LinuxPlan } from "@/lib/domain/compile/linux";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import type { LinuxTarget } from "@/lib/devices/driver";

// ssh-client.ts imports "server-only" (a Next.js marker that throws outside react-server): resolve it to an
// empty module, then load the device code dynamically (static imports would be resolved before this runs).
register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function resolve(s, c, n) { return s === "server-only" ? { url: "data:text/javascript,export{}", shortCircuit: true } : n(s, c); }',
    ),
);
const { pushLinuxPlan } = await import("@/lib/devices/linux/push/push-plan");
const { connectSsh } = await import("@/lib/devices/linux/ssh-client");
const { readGatewayState } = await import("@/lib/devices/linux/read-state");
type PushStep = import("@/lib/devices/push-types").PushStep;

// WAYMARK_BENCH_MONITOR: push another monitor.sh (an older one, for before/after figures).
const MONITOR = readFileSync(process.env.WAYMARK_BENCH_MONITOR ?? join(process.cwd(), "src/lib/devices/linux/assets/monitor.sh"), "utf8");
const BENCH_SSH_PORT = 2222;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** "median X, min Y, max Z (n=N)" with `digits` decimals and a unit. */
export function span(xs: number[], unit = "ms", digits = 0): string {
  const f = (x: number) => `${x.toFixed(digits)}${unit ? ` ${unit}` : ""}`;
  if (xs.length === 0) return "no data";
  return `median ${f(median(xs))}, min ${f(Math.min(...xs))}, max ${f(Math.max(...xs))} (n=${xs.length})`;
}
/** The first command-line argument that is not a --flag, as a run count. */
export const runsArg = (fallback: number) => {
  const arg = process.argv.slice(2).find((a) => !a.startsWith("--"));
  const n = Number(arg ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`runs must be a positive integer, got ${arg}`);
  return n;
};

export type BenchLab = {
  lab: WanLab;
  target: LinuxTarget;
  /** compileLinux for a two-link intent with these weights (isp1:isp2), optionally tiers (lower is preferred). */
  plan: (weights: [number, number], method?: IntentInput["outbound"]["method"], tiers?: [number, number]) => LinuxPlan;
  push: (plan: LinuxPlan, lastAppliedTableHash: string | null) => Promise<PushResult>;
  /** The monitor's link states (over SSH, through read-state.ts). */
  linkStates: () => Promise<{ name: string; state: string; since: number | null }[]>;
  waitAllUp: (timeoutMs?: number) => Promise<void>;
  stop: () => Promise<void>;
};

export type PushResult = {
  outcome: Awaited<ReturnType<typeof pushLinuxPlan>>;
  ms: number;
  /** ms spent per step (the two "gate" steps, reconnect and health gate, are added up). */
  steps: Partial<Record<PushStep, number>>;
};

const hashOf = (plan: LinuxPlan) => createHash("sha256").update(JSON.stringify(plan)).digest("hex");
let pushes = 0;

export async function startBenchLab(options: WanLabOptions): Promise<BenchLab> {
  const lab = await startWanLab(options);
  let sshd: PrivateSshd | null = null;
  try {
    sshd = await startPrivateSshd(lab, { port: BENCH_SSH_PORT });
  } catch (error) {
    await lab.stop();
    throw error;
  }
  const target: LinuxTarget = {
    kind: "linux",
    host: lab.host,
    port: sshd.port,
    username: "root",
    auth: { method: "key", privateKey: lab.privateKey },
    pinnedHostKey: lab.hostKeyFingerprint,
  };
  const gatewayOf: Record<string, string> = { isp1: "198.51.100.1", isp2: "203.0.113.1" };
  const marks = [
    { name: "isp1", mark: 0x100 },
    { name: "isp2", mark: 0x200 },
  ];
  const linkStates = async () => {
    const session = await connectSsh({ ...target, timeoutMs: 10_000 });
    try {
      return (await readGatewayState(session, marks)).links.map((l) => ({ name: l.name, state: l.state, since: l.since }));
    } finally {
      session.close();
    }
  };
  return {
    lab,
    target,
    plan: (weights, method = "per-connection", tiers = [1, 1]) =>
      compileLinux(
        ZIntent.parse({
          links: (["isp1", "isp2"] as const).map((name, i) => ({
            name,
            interface: `wan${i + 1}`,
            gateway: gatewayOf[name]!,
            weight: weights[i]!,
            tier: tiers[i]!,
            probe: { targets: [...lab.probeTargets] },
          })),
          outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet], method },
        } satisfies IntentInput),
        { flavour: "nftables" },
      ),
    push: async (plan, lastAppliedTableHash) => {
      const steps: PushResult["steps"] = {};
      const began = new Map<PushStep, number>();
      const started = performance.now();
      const outcome = await pushLinuxPlan(target, plan, {
        pushId: `bench${process.pid}-${++pushes}`,
        planHash: hashOf(plan),
        lastAppliedTableHash,
        confirmWindowSec: 20,
        gateTimeoutMs: 10_000,
        monitorScript: MONITOR,
        connectTimeoutMs: 10_000,
        onProgress: ({ step, status }) => {
          if (status === "running") began.set(step, performance.now());
          else if (began.has(step)) steps[step] = (steps[step] ?? 0) + performance.now() - began.get(step)!;
        },
      });
      return { outcome, ms: performance.now() - started, steps };
    },
    linkStates,
    waitAllUp: async (timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const states = await linkStates();
        if (states.every((l) => l.state === "up")) return;
        if (Date.now() > deadline) throw new Error(`links not all up after ${timeoutMs} ms: ${JSON.stringify(states)}`);
        await sleep(100);
      }
    },
    stop: async () => {
      await sshd?.stop();
      await lab.stop(); // also ends the monitor, which runs in the gateway namespace
    },
  };
}

/** Runs `main` with the labs it starts torn down on success, error or Ctrl-C. */
export async function withLabs(main: (start: (o: WanLabOptions) => Promise<BenchLab>) => Promise<void>): Promise<void> {
  const labs: BenchLab[] = [];
  const stopAll = () => Promise.allSettled(labs.map((l) => l.stop()));
  const onSignal = () => void stopAll().then(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await main(async (o) => {
      const l = await startBenchLab(o);
      labs.push(l);
      return l;
    });
  } finally {
    await stopAll();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
