// Anycast takeover times in the anycast lab (lab/anycast-lab.ts: an edge and three servers, each with its own BIRD
// 2.0.12 and sshd), the site pushed through the dashboard's own applyMember, measured at the edge's kernel route
// (`ip monitor route` in the edge's namespace, dated on arrival):
//   health: the service process on web-1 stops → web-1's next hop leaves the edge's route (the health daemon's
//     check, 100 ms × 2 failures, then `birdc disable`, the withdrawal over BGP, BIRD's kernel sync);
//   bfd: web-2 goes silent (everything on its link dropped) → its next hop leaves the route, BFD 100 ms × 3;
//   hold: the same with BFD off on both sides (the classic recipe), hold time 9 s, keepalive 3 s.
// After each run the server comes back (its sessions restarted at once, so BIRD's error wait time does not delay
// the next run) and the route holds all three next hops again before the next run starts.
// Usage: npx tsx bench/takeover-anycast.ts [runs=7]
import { createHash } from "node:crypto";
import { loadavg } from "node:os";
import { median, runsArg, sleep, span } from "./linux-lab";
import { startAnycastLab, type AnycastLab } from "../lab/anycast-lab";
import { anycastPlans, targetOf, withoutBfd } from "../tests/support/linux/anycast-site";
import type { MemberPlan } from "@/lib/domain/site/member-plan";

// After linux-lab.ts (its loader hook lets "server-only" modules load outside Next.js).
const { driverFor } = await import("@/lib/devices");

const RUNS = runsArg(7);
let pushes = 0;

async function push(lab: AnycastLab, who: number | "edge", plan: MemberPlan): Promise<void> {
  const member = who === "edge" ? lab.edge : lab.servers[who];
  if (!member) throw new Error("no member");
  const outcome = await driverFor(targetOf(lab, member)).applyMember(plan, {
    pushId: `bench-${process.pid}-${++pushes}`,
    planHash: createHash("sha256").update(JSON.stringify(plan)).digest("hex"),
    lastAppliedHash: null,
    confirmWindowSec: 30,
    onProgress: () => undefined,
  });
  if (outcome.outcome !== "confirmed" && outcome.outcome !== "unchanged") throw new Error(`push to ${member.name}: ${JSON.stringify(outcome)}`);
}

async function pushSite(lab: AnycastLab, bfd: boolean): Promise<void> {
  const plans = anycastPlans(lab);
  const strip = <P extends MemberPlan & { role: "anycast-edge" | "anycast-server" }>(p: P) => (bfd ? p : withoutBfd(p));
  await Promise.all(plans.servers.map((p, i) => push(lab, i, strip(p))));
  await push(lab, "edge", strip(plans.edge));
  await lab.waitForEdgeRoute((hops) => hops.length === 3, 30_000);
}

/** Restarts the BGP sessions of server i on both ends, so BIRD's error wait time does not hold it out. */
async function bringBack(lab: AnycastLab, index: number): Promise<void> {
  const plans = anycastPlans(lab);
  const protocol = plans.edge.servers[index]?.protocol ?? "";
  await lab.birdc(lab.edge, "restart", protocol);
  await lab.birdc(lab.servers[index]!, "restart", "wm_web_edge");
  await lab.waitForEdgeRoute((hops) => hops.length === 3, 30_000);
  await sleep(500);
}

async function measure(
  lab: AnycastLab,
  label: string,
  index: number,
  cut: () => Promise<void>,
  mend: () => Promise<void>,
  timeoutMs: number,
): Promise<number[]> {
  const times: number[] = [];
  const address = lab.servers[index]!.address;
  for (let run = 1; run <= RUNS; run++) {
    const at = Date.now();
    await cut();
    const gone = await lab.waitForEdgeRoute((hops) => !hops.includes(address), timeoutMs);
    times.push(gone - at);
    process.stderr.write(`${label} run ${run}: ${gone - at} ms\n`);
    await mend();
  }
  return times;
}

const lab = await startAnycastLab({ label: "anycast-bench" });
try {
  const loadBefore = loadavg()[0]?.toFixed(1);
  await pushSite(lab, true);
  const health = await measure(
    lab,
    "health",
    0,
    () => lab.stopService(0),
    async () => {
      await lab.startService(0);
      await lab.waitForEdgeRoute((hops) => hops.length === 3, 30_000);
      await sleep(500);
    },
    10_000,
  );
  const bfd = await measure(
    lab,
    "bfd",
    1,
    () => lab.blackhole(1),
    async () => {
      await lab.restore(1);
      await bringBack(lab, 1);
    },
    10_000,
  );
  await pushSite(lab, false);
  const hold = await measure(
    lab,
    "hold",
    1,
    () => lab.blackhole(1),
    async () => {
      await lab.restore(1);
      await bringBack(lab, 1);
    },
    20_000,
  );
  const loadAfter = loadavg()[0]?.toFixed(1);
  const rows = [
    ["health check fails (tcp, 100 ms × 2) → route withdrawn at the edge", span(health)],
    ["silent server, BFD 100 ms × 3 → next hop gone at the edge", span(bfd)],
    ["silent server, no BFD, hold time 9 s → next hop gone at the edge", span(hold)],
  ];
  process.stdout.write(`load average ${loadBefore} → ${loadAfter}\n`);
  for (const [what, figure] of rows) process.stdout.write(`| ${what} | ${figure} |\n`);
  process.stdout.write(`medians: health ${median(health)} ms, bfd ${median(bfd)} ms, hold ${median(hold)} ms\n`);
} finally {
  await lab.stop();
}
process.exit(0);
