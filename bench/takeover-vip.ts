// Node takeover on a shared virtual IP (lab/vip-lab.ts: three nodes and a 40-address client on one bridge, the site
// pushed through the Linux driver's applyMember). Per run: the client sends a UDP datagram to the VIP from each of
// node n2's clients every 20 ms (vip-client.mjs watch); n2's cable is pulled at the bridge; takeover = from the pull
// to the first round from which every one of n2's clients is answered by a survivor in every round. Two seconds
// later the cable goes back; return = from then to the first round from which n2 answers all of them again. Every
// datagram answered by two nodes is counted. Settings: heartbeat 100 ms × 3, 200 ms × 3.
// Usage: npx tsx bench/takeover-vip.ts [runs=5]
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startVipLab, VIP_IF, type VipLab, type VipLabNode } from "../lab/vip-lab";
import { runsArg, sleep, span } from "./linux-lab";
import { compileSite } from "@/lib/domain/site/compile";
import { ZSiteIntent } from "@/lib/domain/site/intent";
import type { VipNodePlan } from "@/lib/domain/site/member-plan";
import type { LinuxTarget } from "@/lib/devices/driver";

// After linux-lab.ts (its loader hook lets "server-only" modules load outside Next.js).
const { driverFor } = await import("@/lib/devices");

const RUNS = runsArg(5);
const EVERY_MS = 20;
const CLIENT = fileURLToPath(new URL("../lab/vip-client.mjs", import.meta.url));
const SETTINGS = [
  { label: "heartbeat every 100 ms, dead after 3", heartbeat: { port: 7946, intervalMs: 100, deadAfter: 3 } },
  { label: "heartbeat every 200 ms, dead after 3", heartbeat: { port: 7946, intervalMs: 200, deadAfter: 3 } },
];

const targetOf = (lab: VipLab, node: VipLabNode): LinuxTarget => ({
  kind: "linux",
  host: node.host,
  port: node.port,
  username: lab.username,
  auth: { method: "key", privateKey: lab.privateKey },
  pinnedHostKey: node.hostKeyFingerprint,
});

async function pushSite(lab: VipLab, heartbeat: (typeof SETTINGS)[number]["heartbeat"], n: number): Promise<void> {
  const intent = ZSiteIntent.parse({
    kind: "shared-vip",
    vip: lab.vip,
    prefixLength: lab.prefixLength,
    heartbeat,
    members: lab.nodes.map((node) => ({ device: node.name, role: "vip-node", interface: VIP_IF, address: node.address, nodeId: node.nodeId })),
  });
  const devices = new Map(lab.nodes.map((node) => [node.name, { id: node.name, name: node.name, capabilities: null }]));
  const plans = compileSite("web", intent, devices).members.map((m) => m.plan as VipNodePlan);
  const outcomes = await Promise.all(
    lab.nodes.map((node, i) => {
      const plan = plans[i] as VipNodePlan;
      return driverFor(targetOf(lab, node)).applyMember(plan, {
        pushId: `bench-vip-${process.pid}-${n}-${i}`,
        planHash: createHash("sha256").update(JSON.stringify(plan)).digest("hex"),
        lastAppliedHash: null,
        confirmWindowSec: 30,
        onProgress: () => {},
      });
    }),
  );
  if (outcomes.some((o) => o.outcome !== "confirmed")) throw new Error(`push: ${JSON.stringify(outcomes)}`);
}

/** Waits until every client is answered by exactly one node and n2 answers some; returns n2's clients. */
async function settled(lab: VipLab): Promise<string[]> {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    const byClient = await lab.probe(300);
    const ofN2 = Object.entries(byClient).flatMap(([client, nodes]) => (nodes[0] === "n2" ? [client] : []));
    if (Object.values(byClient).every((nodes) => nodes.length === 1) && ofN2.length > 0) return ofN2;
  }
  throw new Error("the site did not settle in 30 s");
}

type Run = { takeoverMs: number; returnMs: number; twice: number };

async function run(lab: VipLab, n: number): Promise<Run> {
  const n2 = lab.nodes[1] as VipLabNode;
  const ofN2 = await settled(lab);
  const log = path.join(lab.lab.tmpDir, `watch-${n}.log`);
  const watcher = lab.client.spawn(["node", CLIENT, "watch", JSON.stringify({ vip: lab.vip, sources: ofN2, everyMs: EVERY_MS })], { logFile: log });
  let plugged = false;
  try {
    await sleep(400);
    // The cut happens inside `ip link set` (a netlink call at the end of a process start that takes up to hundreds of
    // ms on a loaded machine): its end is the closer bound.
    await lab.setLink(n2, false);
    const cutAt = Date.now();
    await sleep(2_000);
    await lab.setLink(n2, true);
    const backAt = Date.now();
    plugged = true;
    await sleep(2_000);
    watcher.kill("SIGTERM");
    await sleep(100);
    const rounds = roundsOf(readFileSync(log, "utf8"));
    return {
      takeoverMs: settledAfter(rounds, cutAt, backAt, (by) => by.size === ofN2.length && [...by.values()].every((v) => v !== "n2")),
      returnMs: settledAfter(rounds, backAt, Number.POSITIVE_INFINITY, (by) => by.size === ofN2.length && [...by.values()].every((v) => v === "n2")),
      twice: [...rounds.values()].reduce((sum, r) => sum + r.twice, 0),
    };
  } finally {
    watcher.kill("SIGKILL");
    if (!plugged) await lab.setLink(n2, true);
  }
}

type Round = { sentAt: number; by: Map<string, string>; twice: number };

/** Each round's answers: who answered each source (a second answer to one source is counted in `twice`). */
function roundsOf(log: string): Map<number, Round> {
  const rounds = new Map<number, Round>();
  for (const line of log.split("\n")) {
    const [round, sentAt, source, node] = line.split(" ");
    if (!round || !sentAt || !source || !node || !/^\d+$/.test(round)) continue;
    const r = rounds.get(Number(round)) ?? { sentAt: Number(sentAt), by: new Map<string, string>(), twice: 0 };
    if (r.by.has(source)) r.twice++;
    r.by.set(source, node);
    rounds.set(Number(round), r);
  }
  return rounds;
}

/** From `from` to the first round sent after it from which every round up to `until` satisfies `ok`. */
function settledAfter(rounds: Map<number, Round>, from: number, until: number, ok: (by: Map<string, string>) => boolean): number {
  const judged = [...rounds.values()].filter((r) => r.sentAt >= from && r.sentAt < until - 100).sort((a, b) => a.sentAt - b.sentAt);
  // The last rounds may still have been in flight when the client stopped.
  const window = Number.isFinite(until) ? judged : judged.slice(0, -5);
  let first: number | null = null;
  for (const r of window) {
    if (ok(r.by)) first ??= r.sentAt;
    else first = null;
  }
  if (first === null) throw new Error("the clients never settled");
  return first - from;
}

const lab = await startVipLab({ label: "bench-vip" });
try {
  const rows: string[] = [];
  for (const [s, setting] of SETTINGS.entries()) {
    await pushSite(lab, setting.heartbeat, s);
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await run(lab, s * 100 + i));
    const hb = setting.heartbeat;
    rows.push(
      `| ${setting.label} (detection ${hb.intervalMs * hb.deadAfter} ms) | ${span(runs.map((r) => r.takeoverMs))} | ${span(runs.map((r) => r.returnMs))} | ${runs.reduce((sum, r) => sum + r.twice, 0)} |`,
    );
    process.stderr.write(`${setting.label}: ${JSON.stringify(runs)}\n`);
  }
  process.stdout.write(
    [
      "| setting | cable pulled → all its clients answered by the survivors | cable back → all its clients answered by it again | answers to one datagram from two nodes |",
      "| --- | --- | --- | --- |",
      ...rows,
      "",
    ].join("\n"),
  );
} finally {
  await lab.stop();
}
