// Node takeover on a shared virtual IP (lab/vip-lab.ts: three nodes and a 40-address client on one bridge, the site
// pushed through the Linux driver's applyMember). Per run: the client sends a UDP datagram to the VIP from each of
// node n2's clients every 20 ms (vip-client.mjs watch); n2's cable is pulled at the bridge; takeover = from the pull
// to the first round from which every one of n2's clients is answered by a survivor in every round. Then the cable
// goes back and the next run waits until n2 answers its clients again. Settings: heartbeat 100 ms × 3, 200 ms × 3.
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

async function run(lab: VipLab, n: number): Promise<number> {
  const n2 = lab.nodes[1] as VipLabNode;
  const ofN2 = await settled(lab);
  const log = path.join(lab.lab.tmpDir, `watch-${n}.log`);
  const watcher = lab.client.spawn(["node", CLIENT, "watch", JSON.stringify({ vip: lab.vip, sources: ofN2, everyMs: EVERY_MS })], { logFile: log });
  try {
    await sleep(400);
    const cutAt = Date.now();
    await lab.setLink(n2, false);
    await sleep(2_000);
    watcher.kill("SIGTERM");
    await sleep(100);
    return takeoverMs(readFileSync(log, "utf8"), ofN2.length, cutAt);
  } finally {
    watcher.kill("SIGKILL");
    await lab.setLink(n2, true);
  }
}

/** From the cut to the first round after which every round has every one of n2's clients answered by a survivor. */
function takeoverMs(log: string, clients: number, cutAt: number): number {
  const rounds = new Map<number, { sentAt: number; by: Set<string> }>();
  for (const line of log.split("\n")) {
    const [round, sentAt, source, node] = line.split(" ");
    if (!round || !sentAt || !source || !node || !/^\d+$/.test(round) || node === "n2") continue;
    const r = rounds.get(Number(round)) ?? { sentAt: Number(sentAt), by: new Set<string>() };
    r.by.add(source);
    rounds.set(Number(round), r);
  }
  const after = [...rounds.entries()].filter(([, r]) => r.sentAt >= cutAt).sort((a, b) => a[0] - b[0]);
  // The last rounds may still have been in flight when the client stopped.
  const judged = after.slice(0, -5);
  let first: number | null = null;
  for (const [, r] of judged) {
    if (r.by.size === clients) first ??= r.sentAt;
    else first = null;
  }
  if (first === null) throw new Error("n2's clients were never all answered by the survivors");
  return first - cutAt;
}

const lab = await startVipLab({ label: "bench-vip" });
try {
  const rows: string[] = [];
  for (const [s, setting] of SETTINGS.entries()) {
    await pushSite(lab, setting.heartbeat, s);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await run(lab, s * 100 + i));
    rows.push(`| ${setting.label} (detection ${setting.heartbeat.intervalMs * setting.heartbeat.deadAfter} ms) | ${span(times)} |`);
    process.stderr.write(`${setting.label}: ${times.join(", ")} ms\n`);
  }
  process.stdout.write(["| setting | node cable pulled → all its clients answered by the survivors |", "| --- | --- |", ...rows, ""].join("\n"));
} finally {
  await lab.stop();
}
