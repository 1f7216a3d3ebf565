// Push time to a real Linux gateway (the dual-WAN lab: OpenSSH, nftables, iproute2, conntrack) through the
// dashboard's pusher, the way the device seam runs a push: inspect (its own connection, before compiling) →
// compile → push(plan, inspection): connect, the change in one round trip (lock, upload, nft -c, snapshot, arm
// the dead-man switch, apply), health gate over a new connection (reconnect, monitor verdicts, LAN path),
// confirm. "plan → confirmed" is the push call alone; the gate's share is its step. Each timed push alternates
// between a 1:1 and a 3:1 policy so every push really applies; then the same plan is pushed again with the
// confirmed table hash, which must come back "unchanged".
// Then the same through the REST API, as an automation sees a push (bench/api-dashboard.ts: the app's route
// handlers on 127.0.0.1, an admin token): PUT the policy, then POST /devices/{id}/push?wait=60, timed from the
// call to the reply (which comes when the push has ended), for a changed policy and for an unchanged one.
// Usage: npx tsx bench/linux-push.ts [runs=10] [--api-only]
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
const API_ONLY = process.argv.includes("--api-only");
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
    pushId: `bench${process.pid}-${++pushes}`,
    planHash: hashOf(plan),
    lastAppliedTableHash: last,
    confirmWindowSec: 20,
    gateTimeoutMs: 10_000,
    monitorScript: monitorScript(),
    connectTimeoutMs: 10_000,
    inspection,
    onProgress: ({ step, status }) => {
      if (status === "running") began.set(step, performance.now());
      else if (began.has(step)) steps[step] = (steps[step] ?? 0) + performance.now() - began.get(step)!;
    },
  });
  return { outcome, inspectMs: t1 - t0, pushMs: performance.now() - t1, steps };
}

const describe = (r: Timed) =>
  `${r.outcome.outcome} in ${r.pushMs.toFixed(0)} ms after a ${r.inspectMs.toFixed(0)} ms inspection (${Object.entries(r.steps)
    .map(([name, ms]) => `${name} ${Math.round(ms!)}`)
    .join(", ")})`;

await withLabs(async (start) => {
  const bench = await start({ label: "bpush", lanClients: 1 });
  if (!API_ONLY) await throughThePusher(bench);
  await throughTheApi(bench);
});

async function throughThePusher(bench: BenchLab): Promise<void> {
  const weights: [number, number][] = [
    [1, 1],
    [3, 1],
  ];

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
}

/** The nearest-rank percentile (declared, not assigned: used from the top-level await above). */
function percentile(xs: number[], p: number): number {
  return [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]!;
}

function medianP90(xs: number[]): string {
  return `median ${median(xs).toFixed(0)} ms, p90 ${percentile(xs, 90).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}, n=${xs.length})`;
}

async function throughTheApi(bench: BenchLab): Promise<void> {
  const { startApiDashboard } = await import("./api-dashboard");
  const api = await startApiDashboard();
  try {
    const { lab, target } = bench;
    const created = await api.call("POST", "/devices", {
      kind: "linux",
      name: "bench-gateway",
      host: target.host,
      port: target.port,
      username: "root",
      auth: { method: "key", privateKey: lab.privateKey },
    });
    if (created.status !== 201) throw new Error(`device: ${created.status} ${JSON.stringify(created.json)}`);
    const id = created.json.id as string;
    const check = await api.call("POST", `/devices/${id}/test-connection`);
    if (check.json?.check?.status !== "reachable") throw new Error(`test-connection: ${JSON.stringify(check.json)}`);
    const intent = (weights: [number, number]) => ({
      links: (["isp1", "isp2"] as const).map((name, i) => ({
        name,
        interface: `wan${i + 1}`,
        gateway: name === "isp1" ? "198.51.100.1" : "203.0.113.1",
        weight: weights[i]!,
        probe: { targets: [...lab.probeTargets] },
      })),
      outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
    });
    const push = async (expect: string, weights: [number, number] | null) => {
      if (weights) {
        const saved = await api.call("PUT", `/devices/${id}/policy`, intent(weights));
        if (saved.status !== 200) throw new Error(`policy: ${saved.status} ${JSON.stringify(saved.json)}`);
      }
      const t0 = performance.now();
      const reply = await api.call("POST", `/devices/${id}/push?wait=60`, { reason: "bench", confirmWindowSec: 20 });
      const ms = performance.now() - t0;
      const answeredAt = Date.now();
      if (reply.json?.status !== expect) throw new Error(`push: expected ${expect}, got ${reply.status} ${JSON.stringify(reply.json)}`);
      const records = reply.json.steps as { step: string; at: string }[];
      const at = (step: string) => Date.parse(records.find((r) => r.step === step)?.at ?? "");
      // The gate's share: from the apply's end to the gate's verdict (each step's `at` is when it ended).
      const gateMs = at("gate") - at("apply");
      // How long the reply came after the push ended: the long poll reads the database every 200 ms.
      const pollMs = answeredAt - Date.parse(reply.json.finishedAt);
      return { ms, gateMs, pollMs, steps: records.map((r) => r.step).join(" ") };
    };
    // Warm-up: the first push from this dashboard (its first SSH connections, the route modules loaded).
    console.log(`API warm-up push: ${(await push("confirmed", [2, 1])).ms.toFixed(0)} ms`);
    const changed: number[] = [];
    const gates: number[] = [];
    const polls: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { ms, gateMs, pollMs, steps } = await push("confirmed", i % 2 ? [2, 1] : [1, 1]);
      changed.push(ms);
      gates.push(gateMs);
      polls.push(pollMs);
      console.log(`API push ${i + 1}/${RUNS} (changed): ${ms.toFixed(0)} ms, gate ${gateMs} ms, reply ${pollMs} ms after the end — ${steps}`);
    }
    const unchanged: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { ms } = await push("unchanged", null);
      unchanged.push(ms);
    }
    console.log("");
    console.log(`REST API, POST /devices/{id}/push?wait=60, call → reply:`);
    console.log(`  changed policy (confirmed):  ${medianP90(changed)}`);
    console.log(`    of which the health gate:  ${medianP90(gates)}`);
    console.log(`    the rest:                  ${medianP90(changed.map((ms, i) => ms - gates[i]!))}`);
    console.log(`    reply after the push ended: ${medianP90(polls)}`);
    console.log(`  unchanged policy:            ${medianP90(unchanged)}`);
  } finally {
    await api.close();
  }
}
