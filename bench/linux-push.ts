// Push time to a real Linux gateway (the dual-WAN lab: OpenSSH, nftables, iproute2, conntrack) through the
// dashboard's pusher: compile the intent → SSH connect, inspect, upload, nft --check, snapshot, arm the
// dead-man switch, apply, restart the monitor, health gate over a new SSH connection, confirm.
// Each timed push alternates between a 1:1 and a 3:1 policy so every push really applies; then the same plan
// is pushed again with the confirmed table hash, which must come back "unchanged" (idempotent push).
// Usage: npx tsx bench/linux-push.ts [runs=7]
import { median, runsArg, span, withLabs, type PushResult } from "./linux-lab";

const RUNS = runsArg(7);

function describe(r: PushResult): string {
  const steps = Object.entries(r.steps)
    .map(([name, ms]) => `${name} ${Math.round(ms!)}`)
    .join(", ");
  return `${r.outcome.outcome} in ${r.ms.toFixed(0)} ms (${steps})`;
}

await withLabs(async (start) => {
  const bench = await start({ label: "bpush", lanClients: 1 });
  const policies = [
    { name: "1:1", weights: [1, 1] as [number, number] },
    { name: "3:1", weights: [3, 1] as [number, number] },
  ];
  const compileMs: number[] = [];
  const timedPush = async (weights: [number, number], last: string | null) => {
    const t0 = performance.now();
    const plan = bench.plan(weights);
    compileMs.push(performance.now() - t0);
    const result = await bench.push(plan, last);
    return { plan, result, totalMs: performance.now() - t0 };
  };

  // Warm-up: the first push onto a bare gateway (no monitor, no table yet), reported on its own.
  const first = await timedPush(policies[0]!.weights, null);
  if (first.result.outcome.outcome !== "confirmed") throw new Error(`first push: ${JSON.stringify(first.result.outcome)}`);
  let applied = first.result.outcome.appliedHash;
  console.log(`first push onto a bare gateway (1:1): ${first.totalMs.toFixed(0)} ms — ${describe(first.result)}`);

  const times: number[] = [];
  const perStep = new Map<string, number[]>();
  let lastWeights = policies[0]!.weights;
  for (let i = 0; i < RUNS; i++) {
    const policy = policies[(i + 1) % 2]!;
    const { result, totalMs } = await timedPush(policy.weights, applied);
    if (result.outcome.outcome !== "confirmed") throw new Error(`push ${i + 1}: ${JSON.stringify(result.outcome)}`);
    applied = result.outcome.appliedHash;
    lastWeights = policy.weights;
    times.push(totalMs);
    for (const [name, ms] of Object.entries(result.steps)) perStep.set(name, [...(perStep.get(name) ?? []), ms!]);
    console.log(`push ${i + 1}/${RUNS} → ${policy.name}: ${totalMs.toFixed(0)} ms — ${describe(result)}`);
  }

  const unchanged: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const plan = bench.plan(lastWeights); // compiled afresh: the same intent gives the same plan and hash
    const result = await bench.push(plan, applied);
    const ms = performance.now() - t0;
    if (result.outcome.outcome !== "unchanged") throw new Error(`idempotent push ${i + 1}: ${JSON.stringify(result.outcome)}`);
    unchanged.push(ms);
    console.log(`unchanged push ${i + 1}/${RUNS}: ${ms.toFixed(0)} ms — ${describe(result)}`);
  }

  console.log("");
  console.log(`compile (compileLinux):            ${span(compileMs, "ms", 2)}`);
  console.log(`push, compile → confirmed:         ${span(times)}`);
  console.log(`  per step (median): ${[...perStep].map(([name, xs]) => `${name} ${median(xs).toFixed(0)}`).join(", ")} ms`);
  console.log(`unchanged push (same plan again):  ${span(unchanged)}`);
});
