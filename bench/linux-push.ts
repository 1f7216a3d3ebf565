// Push time to a real Linux gateway (the dual-WAN lab: OpenSSH, nftables, iproute2, conntrack) through the
// dashboard's pusher, the way the device seam runs a push: inspect (its own connection, before compiling) →
// compile → push(plan, inspection): connect, the change in one round trip (lock, upload, nft -c, snapshot, arm
// the dead-man switch, apply), health gate over a new connection (reconnect, monitor verdicts, LAN path),
// confirm. "plan → confirmed" is the push call alone; the gate's share is its step. Each timed push alternates
// between a 1:1 and a 3:1 policy so every push really applies; then the same plan is pushed again with the
// confirmed table hash, which must come back "unchanged".
// Usage: npx tsx bench/linux-push.ts [runs=10]
import { createHash } from "node:crypto";
import type { LinuxPlan } from "@/lib/domain/compile/linux";
import { median, runsArg, span, withLabs, type BenchLab } from "./linux-lab";

// After linux-lab.ts (its loader hook lets "server-only" modules load outside Next.js).
const { pushLinuxPlan } = await import("@/lib/devices/linux/push/push-plan");
const { inspectGateway } = await import("@/lib/devices/linux/push/inspect");
const { rootSession } = await import("@/lib/devices/linux/push/script-kit");
const { connectSsh } = await import("@/lib/devices/linux/ssh-client");
const { monitorScript } = await import("@/lib/devices/linux/gateway");
type PushStep = import("@/lib/devices/push-types").PushStep;
type PushOutcome = import("@/lib/devices/push-types").PushOutcome;

const RUNS = runsArg(10);
const hashOf = (plan: LinuxPlan) => createHash("sha256").update(JSON.stringify(plan)).digest("hex");
let pushes = 0;

type Timed = { outcome: PushOutcome; inspectMs: number; pushMs: number; steps: Partial<Record<PushStep, number>> };

async function inspectAndPush(bench: BenchLab, plan: LinuxPlan, last: string | null): Promise<Timed> {
  const t0 = performance.now();
  const session = rootSession(await connectSsh({ ...bench.target, timeoutMs: 10_000 }));
  const inspection = await inspectGateway(session).finally(() => session.close());
  const t1 = performance.now();
  const steps: Timed["steps"] = {};
  const began = new Map<PushStep, number>();
  const outcome = await pushLinuxPlan(bench.target, plan, {
    pushId: `bench${process.pid}-${++pushes}`, planHash: hashOf(plan), lastAppliedTableHash: last, confirmWindowSec: 20,
    gateTimeoutMs: 10_000, monitorScript: monitorScript(), connectTimeoutMs: 10_000, inspection,
    onProgress: ({ step, status }) => {
      if (status === "running") began.set(step, performance.now());
      else if (began.has(step)) steps[step] = (steps[step] ?? 0) + performance.now() - began.get(step)!;
    },
  });
  return { outcome, inspectMs: t1 - t0, pushMs: performance.now() - t1, steps };
}

const describe = (r: Timed) =>
  `${r.outcome.outcome} in ${r.pushMs.toFixed(0)} ms after a ${r.inspectMs.toFixed(0)} ms inspection (${Object.entries(r.steps).map(([name, ms]) => `${name} ${Math.round(ms!)}`).join(", ")})`;

await withLabs(async (start) => {
  const bench = await start({ label: "bpush", lanClients: 1 });
  const weights: [number, number][] = [[1, 1], [3, 1]];

  // Warm-up: the first push onto a bare gateway (no monitor, no table yet), reported on its own.
  const first = await inspectAndPush(bench, bench.plan(weights[0]!), null);
  if (first.outcome.outcome !== "confirmed") throw new Error(`first push: ${JSON.stringify(first.outcome)}`);
  let applied = first.outcome.appliedHash;
  console.log(`first push onto a bare gateway (1:1): ${describe(first)}`);

  const pushMs: number[] = [];
  const gateMs: number[] = [];
  const outsideGate: number[] = [];
  const inspectMs: number[] = [];
  const perStep = new Map<string, number[]>();
  let last = weights[0]!;
  for (let i = 0; i < RUNS; i++) {
    last = weights[(i + 1) % 2]!;
    const r = await inspectAndPush(bench, bench.plan(last), applied);
    if (r.outcome.outcome !== "confirmed") throw new Error(`push ${i + 1}: ${JSON.stringify(r.outcome)}`);
    applied = r.outcome.appliedHash;
    pushMs.push(r.pushMs);
    gateMs.push(r.steps.gate ?? 0);
    outsideGate.push(r.pushMs - (r.steps.gate ?? 0));
    inspectMs.push(r.inspectMs);
    for (const [name, ms] of Object.entries(r.steps)) perStep.set(name, [...(perStep.get(name) ?? []), ms!]);
    console.log(`push ${i + 1}/${RUNS} → ${last.join(":")}: ${describe(r)}`);
  }

  const unchanged: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await inspectAndPush(bench, bench.plan(last), applied); // compiled afresh: same intent, same plan
    if (r.outcome.outcome !== "unchanged") throw new Error(`idempotent push ${i + 1}: ${JSON.stringify(r.outcome)}`);
    unchanged.push(r.inspectMs + r.pushMs);
  }

  console.log("");
  console.log(`push, plan → confirmed:                 ${span(pushMs)}`);
  console.log(`  of which the health gate:             ${span(gateMs)}`);
  console.log(`  the rest (connect, change, confirm):  ${span(outsideGate)}`);
  console.log(`  per step (median): ${[...perStep].map(([name, xs]) => `${name} ${median(xs).toFixed(0)}`).join(", ")} ms`);
  console.log(`inspection before compiling:            ${span(inspectMs)}`);
  console.log(`unchanged push (inspect → "unchanged"): ${span(unchanged)}`);
});
