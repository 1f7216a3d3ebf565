// Backend takeover in a Linux server pool (lab/pool.ts: a real gateway with three HTTP backends b1–b3 at 1:1:1,
// per-connection, pushed through the dashboard's own pusher). Per run: a client behind isp1 opens a new HTTP
// connection to the pool every 20 ms; b3's server is killed (SIGKILL: its port then refuses); takeover time = from
// the kill to the first attempt after which every attempt is answered by b1 or b2 (with b3 dead, every third
// connection fails until the gateway's checks take b3 out of the map). Beside it: the checks' own verdict (b3's
// `since` in /run/waymark/pools.state minus the kill). Then b3 is started again and the next run waits until it is
// back up. Settings: TCP connect every 200 ms, down after 2; HTTP GET every 200 ms, down after 2; TCP every 1 s,
// down after 2.
// Usage: npx tsx bench/takeover-pool.ts [runs=5]
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { POOL_LAB, startPoolLab, type PoolLab } from "../lab/pool";
import { runsArg, sleep, span } from "./linux-lab";
import { compileLinux, type LinuxPlan } from "@/lib/domain/compile/linux";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import type { LinuxTarget } from "@/lib/devices/driver";

// After linux-lab.ts (its loader hook lets "server-only" modules load outside Next.js).
const { linuxGateway } = await import("@/lib/devices/linux/gateway");

const RUNS = runsArg(5);
const EVERY_MS = 20;
const CLIENT = fileURLToPath(new URL("../lab/pool-client.mjs", import.meta.url));
const SETTINGS = [
  { label: "TCP connect every 200 ms, down after 2", probe: { type: "tcp" as const, intervalMs: 200, timeoutMs: 100, downCount: 2, upCount: 2 } },
  { label: "HTTP GET every 200 ms, down after 2", probe: { type: "http" as const, path: "/", intervalMs: 200, timeoutMs: 100, downCount: 2, upCount: 2 } },
  { label: "TCP connect every 1 s, down after 2", probe: { type: "tcp" as const, intervalMs: 1000, timeoutMs: 500, downCount: 2, upCount: 2 } },
];

type Attempt = { sentAt: number; doneAt: number; name: string | null };

function plan(lab: PoolLab, probe: (typeof SETTINGS)[number]["probe"]): LinuxPlan {
  const input: IntentInput = {
    links: [
      { name: "isp1", interface: "wan1", gateway: "198.51.100.1", probe: { targets: [...lab.wan.probeTargets] } },
      { name: "isp2", interface: "wan2", gateway: "203.0.113.1", probe: { targets: [...lab.wan.probeTargets] } },
    ],
    outbound: { lanInterfaces: ["lan0"], lanSources: [lab.wan.lanSubnet] },
    inbound: {
      pools: [
        {
          name: "web",
          listen: { interface: POOL_LAB.vipInterface, address: POOL_LAB.vip, protocol: "tcp", port: POOL_LAB.vipPort },
          probe,
          backends: lab.backends.map((b) => ({ name: b.name, address: b.address, port: b.port })),
        },
      ],
    },
  };
  return compileLinux(ZIntent.parse(input), { flavour: "nftables" });
}

async function push(target: LinuxTarget, p: LinuxPlan, n: number): Promise<void> {
  const outcome = await linuxGateway(target).push(p, {
    pushId: `bench-pool-${process.pid}-${n}`,
    planHash: createHash("sha256").update(JSON.stringify(p)).digest("hex"),
    lastAppliedTableHash: null,
    confirmWindowSec: 30,
    gateTimeoutMs: 15_000,
    onProgress: () => {},
  });
  if (outcome.outcome !== "confirmed") throw new Error(`push ${outcome.outcome}: ${JSON.stringify(outcome)}`);
}

async function verdicts(target: LinuxTarget, p: LinuxPlan) {
  const state = await linuxGateway(target).readState(p.monitor.links.map((l) => ({ name: l.name, mark: l.mark })));
  return state.pools?.backends ?? [];
}

async function waitAllUp(target: LinuxTarget, p: LinuxPlan): Promise<void> {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    const v = await verdicts(target, p);
    if (v.length === 3 && v.every((b) => b.verdict === "up")) return;
    await sleep(200);
  }
  throw new Error("backends not all up after 30 s");
}

async function run(lab: PoolLab, target: LinuxTarget, p: LinuxPlan, n: number) {
  await waitAllUp(target, p);
  const { probe } = p.monitor.pools![0]!;
  const forMs = 500 + probe.downCount * probe.intervalMs + probe.timeoutMs + 2_500;
  const log = path.join(lab.wan.lab.tmpDir, `takeover-${n}.jsonl`);
  const child = lab.wan.internet.spawn([process.execPath, CLIENT, "probe", POOL_LAB.vip, String(POOL_LAB.vipPort), String(EVERY_MS), String(forMs)], {
    logFile: log,
  });
  const ended = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await sleep(500);
  const killedAt = Date.now();
  await lab.killBackend("b3");
  await ended;
  const attempts = readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Attempt)
    .sort((a, b) => a.sentAt - b.sentAt);
  const bad = attempts.filter((a) => a.sentAt >= killedAt - EVERY_MS && (a.name === null || a.name === "b3"));
  const lastBad = bad.at(-1);
  const next = lastBad === undefined ? attempts.find((a) => a.sentAt >= killedAt) : attempts.find((a) => a.sentAt > lastBad.sentAt);
  const takeover = next === undefined ? Number.NaN : next.sentAt - killedAt;
  const down = (await verdicts(target, p)).find((b) => b.name === "b3");
  const declared = down?.verdict === "down" ? down.since - killedAt : Number.NaN;
  await lab.startBackend("b3");
  return { takeover, declared, failed: bad.length };
}

const lab = await startPoolLab({ label: "bench-pool" });
try {
  const target: LinuxTarget = {
    kind: "linux",
    host: lab.sshd.host,
    port: lab.sshd.port,
    username: "root",
    auth: { method: "key", privateKey: lab.wan.privateKey },
    pinnedHostKey: lab.wan.hostKeyFingerprint,
  };
  let n = 0;
  for (const setting of SETTINGS) {
    const p = plan(lab, setting.probe);
    await push(target, p, ++n);
    const takeovers: number[] = [];
    const declared: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await run(lab, target, p, ++n);
      takeovers.push(r.takeover);
      declared.push(r.declared);
      console.log(`${setting.label}: run ${i + 1}: takeover ${r.takeover} ms, b3 declared down ${r.declared} ms, ${r.failed} failed attempts`);
    }
    console.log(`${setting.label}: takeover ${span(takeovers)}; declared down ${span(declared)}`);
  }
} finally {
  await lab.stop();
}
