// Push time to a simulated MikroTik router through the dashboard's own pusher (routerOsRouter(target).push):
// connect → inspect → diff → snapshot (rollback script) → arm (scheduler job, safe mode on 7.24+) → apply →
// health gate over a new API session → confirm. Four routers: an empty 7.16.2 and 6.49.10, and routers booted
// from two real exports (7.10 and 6.48.4, hundreds of the admin's own filter rules, address lists, scripts).
// Each run boots a fresh router and pushes the dual-WAN example 3:1 (first push), the same plan again (no-op:
// "unchanged") and then 1:1 (a weight change: the minimal diff). The API traffic goes through a counting
// proxy on 127.0.0.1, so every push also reports the sentences it sent and received and the sessions it opened.
// Usage: npx tsx --conditions=react-server bench/routeros-push.ts [runs=20] [--direct]
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

import { compileRouterOs, type RouterOsPlan } from "@/lib/domain/compile/routeros";
import { ZIntent } from "@/lib/domain/intent";
import { DUAL_WAN_EXAMPLE } from "@/lib/domain/intent/examples";
import type { PushProgress } from "@/lib/devices/push-types";
import { routerOsRouter } from "@/lib/devices/routeros/router";
import { SentenceReader } from "@/lib/devices/routeros/wire";
import { startRouterOsSimulator } from "@/simulator/routeros";

const RUNS = Number(process.argv.slice(2).find((a) => !a.startsWith("--")) ?? 20);
/** `--direct`: no counting proxy (to check that the relay does not move the times). */
const DIRECT = process.argv.includes("--direct");
const USER = { name: "admin", password: "bench-pw" };
const INTERFACES = ["ether1", "ether2", "ether3", "ether4", "ether5", "wan1", "wan2", "lan0"];
const ROUTERS = [
  { name: "empty 7.16.2", version: "7.16.2", major: "7" },
  { name: "empty 6.49.10", version: "6.49.10", major: "6" },
  { name: "7.10 export", version: "7.10", major: "7", exportFile: "export-7.10.rsc" },
  { name: "6.48.4 export", version: "6.48.4", major: "6", exportFile: "export-6.48.4.rsc" },
] as const;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const stat = (xs: number[], digits = 0) => `p50 ${pct(xs, 50).toFixed(digits)}, p95 ${pct(xs, 95).toFixed(digits)}`;

const planFor = (major: "6" | "7", weights: [number, number]): RouterOsPlan => {
  const input = structuredClone(DUAL_WAN_EXAMPLE);
  input.links[0]!.weight = weights[0];
  input.links[1]!.weight = weights[1];
  return compileRouterOs(ZIntent.parse(input), { version: major });
};

/** A TCP relay on 127.0.0.1 that counts the API sentences each way and the sessions opened. */
async function countingProxy(routerPort: number) {
  const counts = { sent: 0, received: 0, sessions: 0 };
  const server = net.createServer((downstream) => {
    counts.sessions += 1;
    const upstream = net.connect(routerPort, "127.0.0.1");
    // Both ends run with Nagle off, as the client and the simulator do; a relay with it on adds 40 ms stalls.
    downstream.setNoDelay(true);
    upstream.setNoDelay(true);
    const toRouter = new SentenceReader();
    const fromRouter = new SentenceReader();
    downstream.on("data", (chunk) => {
      counts.sent += toRouter.push(chunk).length;
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      counts.received += fromRouter.push(chunk).length;
      downstream.write(chunk);
    });
    downstream.on("close", () => upstream.destroy());
    upstream.on("close", () => downstream.destroy());
    downstream.on("error", () => upstream.destroy());
    upstream.on("error", () => downstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    sentSoFar: () => counts.sent,
    /** The counts since the last take. */
    take: () => {
      const since = { ...counts };
      Object.assign(counts, { sent: 0, received: 0, sessions: 0 });
      return since;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Wall time and sentences sent per step, from the pusher's own progress events: first "running" to its last "ok". */
function stepClock(sentSoFar: () => number): { onProgress: PushProgress; steps: Map<string, number>; sentences: Map<string, number> } {
  const steps = new Map<string, number>();
  const sentences = new Map<string, number>();
  const started = new Map<string, [number, number]>();
  return {
    steps,
    sentences,
    onProgress: ({ step, status }) => {
      const now: [number, number] = [performance.now(), sentSoFar()];
      if (status === "running") {
        if (!started.has(step)) started.set(step, now);
        return;
      }
      const [ms, sent] = started.get(step) ?? now;
      steps.set(step, (steps.get(step) ?? 0) + now[0] - ms);
      sentences.set(step, (sentences.get(step) ?? 0) + now[1] - sent);
      started.delete(step);
    },
  };
}

type Sample = { ms: number; outcome: string; steps: Map<string, number>; sentences?: Map<string, number>; sent: number; received: number; sessions: number };
type Kind = "first" | "noop" | "weight";

async function runOnce(spec: (typeof ROUTERS)[number], run: number, into: Record<Kind | "boot", Sample[]>) {
  const bootExport = "exportFile" in spec ? readFileSync(path.join("src/simulator/routeros/export/fixtures", spec.exportFile), "utf8") : undefined;
  const t0 = performance.now();
  const sim = await startRouterOsSimulator({
    host: "127.0.0.1",
    version: spec.version,
    identity: "bench",
    boardName: "CHR",
    users: [USER],
    interfaces: INTERFACES,
    bootExport,
    clock: "manual",
  });
  into.boot.push({ ms: performance.now() - t0, outcome: "booted", steps: new Map(), sent: 0, received: 0, sessions: 0 });
  const proxy = await countingProxy(sim.port);
  const router = routerOsRouter({
    kind: "routeros",
    host: "127.0.0.1",
    port: DIRECT ? sim.port : proxy.port,
    transport: "plain",
    username: USER.name,
    password: USER.password,
  });
  try {
    const pushes: [Kind, RouterOsPlan, string][] = [
      ["first", planFor(spec.major, [3, 1]), "confirmed"],
      ["noop", planFor(spec.major, [3, 1]), "unchanged"],
      ["weight", planFor(spec.major, [1, 1]), "confirmed"],
    ];
    for (const [kind, plan, expected] of pushes) {
      const clock = stepClock(proxy.sentSoFar);
      proxy.take();
      const start = performance.now();
      const outcome = await router.push(plan, { pushId: `bench-${run}-${kind}`, confirmWindowSec: 60, onProgress: clock.onProgress });
      const ms = performance.now() - start;
      if (outcome.outcome !== expected) throw new Error(`${spec.name} ${kind}: ${JSON.stringify(outcome)}`);
      into[kind].push({ ms, outcome: outcome.outcome, steps: clock.steps, sentences: clock.sentences, ...proxy.take() });
    }
  } finally {
    await proxy.close();
    await sim.close();
  }
}

function report(label: string, samples: Sample[]) {
  const names = [...new Set(samples.flatMap((s) => [...s.steps.keys()]))];
  const steps = names
    .map(
      (n) =>
        `${n} ${pct(
          samples.map((s) => s.steps.get(n) ?? 0),
          50,
        ).toFixed(1)}`,
    )
    .join(", ");
  const counts = samples[0]!.sessions
    ? ` | sentences sent ${pct(
        samples.map((s) => s.sent),
        50,
      )}, received ${pct(
        samples.map((s) => s.received),
        50,
      )}, sessions ${pct(
        samples.map((s) => s.sessions),
        50,
      )}`
    : "";
  console.log(
    `  ${label.padEnd(7)} ${stat(
      samples.map((s) => s.ms),
      1,
    )} ms (n=${samples.length})${counts}`,
  );
  if (steps) console.log(`          steps p50 (ms): ${steps}`);
  const sentences = samples[0]!.sentences;
  if (sentences && !DIRECT) console.log(`          sentences sent per step: ${[...sentences].map(([n, c]) => `${n} ${c}`).join(", ")}`);
}

const compileMs: number[] = [];
for (let i = 0; i < 200; i++) {
  const start = performance.now();
  planFor(i % 2 ? "6" : "7", [3, 1]);
  compileMs.push(performance.now() - start);
}
console.log(`compileRouterOs (dual-WAN 3:1, v6/v7 alternately): ${stat(compileMs, 2)} ms (n=${compileMs.length})`);
console.log(`plan objects: v7 ${planFor("7", [3, 1]).objects.length}, v6 ${planFor("6", [3, 1]).objects.length}`);

// A throwaway run first, so the JIT warm-up is not charged to the first router.
await runOnce(ROUTERS[0], -1, { boot: [], first: [], noop: [], weight: [] });
for (const spec of ROUTERS) {
  const samples: Record<Kind | "boot", Sample[]> = { boot: [], first: [], noop: [], weight: [] };
  for (let run = 0; run < RUNS; run++) await runOnce(spec, run, samples);
  console.log(`\n${spec.name}`);
  report("boot", samples.boot);
  report("first", samples.first);
  report("noop", samples.noop);
  report("weight", samples.weight);
}
