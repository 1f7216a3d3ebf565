// What the RouterOS simulator's dataplane costs. Two parts:
// 1. Connection rate (manual clock, wall time): the dual-WAN example 3:1 (4 PCC mark-connection rules, the
//    per-link routing tables, masquerade) pushed through the dashboard's pusher, then LAN clients open TCP
//    connections through it with sim.network.openConnection as fast as one thread can: while the connection table
//    grows to 100,000, and steady (10,000 open; each new connection closes the oldest). On an empty 7.16.2 and
//    6.49.10 router, on the demo's edge-7 (the admin's own rules) and on the real 7.10 export (235 filter rules).
// 2. CPU of --routers demo routers in this process (src/simulator/routeros/demo: edge-01 booted from edge-7.rsc,
//    60 LAN clients opening 10 connections/s, 6 MB/s, 2 inbound connections/s) with the demo's policy pushed,
//    for --seconds of real time: process.cpuUsage and event-loop delay, so a fleet of simulated routers can be
//    sized. --routers=0 gives the bench's own cost (its event-loop monitor), to subtract.
// Usage: npx tsx --expose-gc --conditions=react-server bench/routeros-dataplane.ts [--rate] [--cpu] [--seconds=60] [--routers=1]
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

import { compileRouterOs } from "@/lib/domain/compile/routeros";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import { DUAL_WAN_EXAMPLE } from "@/lib/domain/intent/examples";
import { routerOsRouter } from "@/lib/devices/routeros/router";
import { startRouterOsSimulator, type RouterOsSimulator } from "@/simulator/routeros";
import { DEMO_SITES, startDemoRouter } from "@/simulator/routeros/demo";

const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const SECONDS = flag("seconds", 60);
const ROUTERS = flag("routers", 1);
const both = !process.argv.includes("--rate") && !process.argv.includes("--cpu");
const USER = { name: "admin", password: "bench-pw" };
const INTERFACES = ["ether1", "ether2", "ether3", "ether4", "ether5", "wan1", "wan2", "lan0"];
const ADDRESSES =
  "/ip address add address=192.168.10.1/24 interface=lan0\n/ip address add address=198.51.100.2/24 interface=wan1\n/ip address add address=203.0.113.2/24 interface=wan2\n";
const read = (file: string) => readFileSync(file, "utf8");
const RATE_ROUTERS = [
  { name: "empty 7.16.2", version: "7.16.2", major: "7", interfaces: INTERFACES, boot: () => ADDRESSES },
  { name: "empty 6.49.10", version: "6.49.10", major: "6", interfaces: INTERFACES, boot: () => ADDRESSES },
  // edge-7.rsc renames ether1-3 to wan1, wan2, lan0 and has the addresses.
  { name: "demo edge-7.rsc", version: "7.16.2", major: "7", interfaces: undefined, boot: () => read("src/simulator/routeros/demo/edge-7.rsc") },
  {
    name: "7.10 export",
    version: "7.10",
    major: "7",
    interfaces: INTERFACES,
    boot: () => `${read("src/simulator/routeros/export/fixtures/export-7.10.rsc")}\n${ADDRESSES}`,
  },
] as const;
/** The histogram records the whole timer interval; the lateness is what exceeds it. */
const DELAY_RESOLUTION_MS = 10;
const GROWTH_BATCH = 10_000;
const GROWTH_TO = 100_000;
const STEADY_OPEN = 10_000;
const STEADY_NEW = 50_000;

// The demo's edge-01 policy, as src/lib/services/demo/start-demo.ts saves and pushes it.
const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 2_000, timeoutMs: 1_000 };
const DEMO_EDGE_INTENT: IntentInput = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
  inbound: {
    pools: [
      {
        name: "web",
        listen: { interface: "wan1", protocol: "tcp", port: 443 },
        backends: [
          { name: "web-1", address: "192.168.10.200", weight: 2 },
          { name: "web-2", address: "192.168.10.201", weight: 1 },
        ],
      },
    ],
  },
};

async function push(sim: RouterOsSimulator, intent: IntentInput, major: "6" | "7", user = USER) {
  const router = routerOsRouter({ kind: "routeros", host: "127.0.0.1", port: sim.port, transport: "plain", username: user.name, password: user.password });
  const plan = compileRouterOs(ZIntent.parse(intent), { version: major });
  const outcome = await router.push(plan, { pushId: "bench-dataplane", confirmWindowSec: 60, onProgress: () => {} });
  if (outcome.outcome !== "confirmed") throw new Error(`push: ${JSON.stringify(outcome)}`);
  return plan;
}

/** The i-th connection: 240 LAN clients × many internet hosts in 198.18.0.0/15, distinct 5-tuples. */
const lanConnection = (i: number) => ({
  src: `192.168.10.${10 + (i % 240)}`,
  dst: `198.18.${Math.floor(i / 240) % 256}.${1 + (Math.floor(i / 61_440) % 250)}`,
  protocol: "tcp" as const,
  srcPort: 1024 + (i % 60_000),
  dstPort: 443,
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const perSecond = (count: number, ms: number) => `${Math.round((count / ms) * 1000).toLocaleString("en")}/s`;

const boot = (spec: (typeof RATE_ROUTERS)[number]) =>
  startRouterOsSimulator({
    host: "127.0.0.1",
    version: spec.version,
    identity: "bench",
    boardName: "CHR",
    users: [USER],
    interfaces: spec.interfaces,
    bootExport: spec.boot(),
    clock: "manual",
  });

/** Opens `count` connections on a throwaway router so the JIT has warmed up before the first router is timed. */
async function warmUp(count: number) {
  const sim = await boot(RATE_ROUTERS[0]);
  await push(sim, DUAL_WAN_EXAMPLE, "7");
  for (let i = 0; i < count; i++) sim.network.openConnection(lanConnection(i));
  await sim.close();
}

async function connectionRate(spec: (typeof RATE_ROUTERS)[number]) {
  const sim = await boot(spec);
  try {
    const plan = await push(sim, DUAL_WAN_EXAMPLE, spec.major);
    const pccRules = plan.objects.filter((o) => o.properties["per-connection-classifier"] !== undefined).length;
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const batches: { wallMs: number; cpuUs: number }[] = [];
    const marks = new Map<string, number>();
    for (let opened = 0; opened < GROWTH_TO; ) {
      const start = performance.now();
      const cpu = process.cpuUsage();
      for (const end = opened + GROWTH_BATCH; opened < end; opened++) {
        const outcome = sim.network.openConnection(lanConnection(opened));
        if (!outcome.delivered) throw new Error(`connection ${opened} not delivered: ${JSON.stringify(outcome)}`);
        marks.set(outcome.connectionMark ?? "-", (marks.get(outcome.connectionMark ?? "-") ?? 0) + 1);
      }
      const used = process.cpuUsage(cpu);
      batches.push({ wallMs: performance.now() - start, cpuUs: used.user + used.system });
    }
    global.gc?.();
    const heapPerConnection = (process.memoryUsage().heapUsed - heapBefore) / GROWTH_TO;
    console.log(`\n${spec.name}: ${pccRules} PCC rules, ${plan.objects.length} plan objects; marks ${[...marks].map(([m, n]) => `${m} ${n}`).join(", ")}`);
    const rates = batches.map((b) => (GROWTH_BATCH / b.wallMs) * 1000);
    const cpuPer = batches.map((b) => b.cpuUs / GROWTH_BATCH);
    console.log(
      `  growing table 0 → ${GROWTH_TO.toLocaleString("en")} open, per ${GROWTH_BATCH.toLocaleString("en")}: ${rates.map((r) => Math.round(r / 1000)).join(", ")} thousand/s`,
    );
    console.log(
      `    wall: p50 ${perSecond(median(rates), 1000)}, slowest batch ${perSecond(Math.min(...rates), 1000)}; CPU: p50 ${median(cpuPer).toFixed(1)} µs per connection`,
    );
    console.log(`  heap ≈ ${(heapPerConnection / 1024).toFixed(1)} KiB per open connection${global.gc ? "" : " (no --expose-gc: rough)"}`);
  } finally {
    await sim.close();
  }
  // Steady state on a fresh router: a window of STEADY_OPEN connections, every new one closes the oldest.
  const fresh = await boot(spec);
  try {
    await push(fresh, DUAL_WAN_EXAMPLE, spec.major);
    const window: string[] = [];
    for (let i = 0; i < STEADY_OPEN; i++) window.push(fresh.network.openConnection(lanConnection(i)).id);
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (let i = STEADY_OPEN; i < STEADY_OPEN + STEADY_NEW; i++) {
      fresh.network.closeConnection(window.shift()!);
      window.push(fresh.network.openConnection(lanConnection(i)).id);
    }
    const used = process.cpuUsage(cpu);
    const cpuPer = (used.user + used.system) / STEADY_NEW;
    console.log(
      `  steady, ${STEADY_OPEN.toLocaleString("en")} open, ${STEADY_NEW.toLocaleString("en")} opened + closed: ${perSecond(STEADY_NEW, performance.now() - start)} wall, CPU ${cpuPer.toFixed(1)} µs per connection`,
    );
  } finally {
    await fresh.close();
  }
}

async function demoCpu() {
  const users = [{ name: "waymark", password: "bench-pw" }];
  const routers = [];
  for (let i = 0; i < ROUTERS; i++) {
    const demo = await startDemoRouter(DEMO_SITES.edge, { port: 0, users });
    await push(demo.sim, DEMO_EDGE_INTENT, "7", { name: "waymark", password: "bench-pw" });
    routers.push(demo);
  }
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - start;
  delay.disable();
  const flows = routers.map((r) => r.sim.device.config.table("ip/firewall/connection").items.length);
  for (const demo of routers) await demo.stop();
  const share = (us: number) => ((us / 1000 / wallMs) * 100).toFixed(2);
  console.log(`\ndemo edge-01 × ${ROUTERS}, demo policy pushed, ${(wallMs / 1000).toFixed(1)} s real time; connections open at the end: ${flows.join(", ")}`);
  console.log(
    `  CPU (whole process): user ${share(used.user)} %, system ${share(used.system)} % of one core${ROUTERS > 0 ? ` → ${share((used.user + used.system) / ROUTERS)} % per router` : " (the bench's own cost)"}`,
  );
  const late = (ns: number) => `${Math.max(0, ns / 1e6 - DELAY_RESOLUTION_MS).toFixed(1)} ms`;
  console.log(
    `  event-loop lateness (a ${DELAY_RESOLUTION_MS} ms timer): p50 ${late(delay.percentile(50))}, p99 ${late(delay.percentile(99))}, max ${late(delay.max)}`,
  );
  console.log(`  heap used at the end: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB (whole process)`);
}

if (both || process.argv.includes("--rate")) {
  await warmUp(30_000);
  for (const spec of RATE_ROUTERS) await connectionRate(spec);
}
if (both || process.argv.includes("--cpu")) await demoCpu();
