// CPU cost of the on-gateway health monitor (assets/monitor.sh), measured from outside: the three-ISP lab, a plan
// with three links at the default probes (ICMP to both internet hosts, 300 ms interval, 250 ms timeout, down after
// 3, up after 5) installed straight into the gateway, the monitor running there under dash as a gateway runs it.
// CPU = utime + stime of the monitor and every descendant alive at the end (pingers, probers, ticker) plus what
// the processes of the tree reaped meanwhile (cutime + cstime: the short-lived forks such as date, sleep, mv),
// from /proc/<pid>/stat, between two samples `--seconds` apart, taken after the links' first verdicts and a warm-up.
// Forks per second are counted in a separate window (strace -f on every process of the tree, clone/fork calls
// only), since strace itself slows what it watches; skipped when strace is missing.
// Usage: npx tsx bench/linux-monitor-cpu.ts [--seconds=60] [--tcp] [--script=path/to/monitor.sh]
//   --tcp     every link probes by TCP connect (socat) to the internet hosts' port 8081 instead of ICMP
//   --script  another monitor.sh (e.g. an older one from git) to compare with the current asset
import { spawnSync } from "node:child_process";
import { startWanLab, type WanLab } from "../lab";
import { compileLinux } from "@/lib/domain/compile/linux";
import { descendants, installPlan, labIntent, MonitorRig, SCRIPT, sleep, totalTicks, treeCpu, type CpuSample } from "@tests/support/linux/monitor-rig";

const arg = (name: string) =>
  process.argv
    .slice(2)
    .find((a) => a.startsWith(`--${name}=`))
    ?.split("=")[1];
const SECONDS = Number(arg("seconds") ?? 60);
const TCP = process.argv.includes("--tcp");
const SCRIPT_PATH = arg("script") ?? SCRIPT;
const STRACE_SECONDS = 10;
const TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim() || 100);

/** Clone/fork calls of the whole tree over `seconds`, per second; null without strace. */
function forksPerSecond(root: number, seconds: number): number | null {
  if (spawnSync("sh", ["-c", "command -v strace"]).status !== 0) return null;
  const pids = [root, ...descendants(root)].flatMap((p) => ["-p", String(p)]);
  const r = spawnSync("timeout", ["-s", "INT", String(seconds), "strace", "-f", "-c", "-e", "trace=fork,vfork,clone,clone3", ...pids], { encoding: "utf8" });
  const calls = [...r.stderr.matchAll(/^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(clone3?|v?fork)\s*$/gm)].reduce((n, m) => n + Number(m[1]), 0);
  return calls / seconds;
}

function byCommand(before: Map<number, CpuSample>, after: Map<number, CpuSample>): string {
  const per = new Map<string, { own: number; reaped: number; n: number }>();
  for (const [pid, s] of after) {
    const b = before.get(pid) ?? { own: 0, reaped: 0 };
    const e = per.get(s.comm) ?? { own: 0, reaped: 0, n: 0 };
    per.set(s.comm, { own: e.own + s.own - b.own, reaped: e.reaped + s.reaped - b.reaped, n: e.n + 1 });
  }
  const pct = (ticks: number) => `${((100 * ticks) / TICKS / SECONDS).toFixed(2)} %`;
  return [...per].map(([comm, e]) => `  ${comm} ×${e.n}: own ${pct(e.own)}, reaped children ${pct(e.reaped)}`).join("\n");
}

async function main(lab: WanLab): Promise<void> {
  const tcp = { type: "tcp" as const, port: 8081, targets: [...lab.probeTargets] };
  const plan = compileLinux(labIntent(lab, TCP ? { isp1: { probe: tcp }, isp2: { probe: tcp }, isp3: { probe: tcp } } : {}), { flavour: "nftables" });
  await installPlan(lab, plan);
  const rig = new MonitorRig(lab, plan, SCRIPT_PATH);
  try {
    const monitor = rig.start();
    await rig.waitState("first verdicts", 10_000, (s) => s.links.every((l) => l.state === "up" && l.consecutivePasses >= 5));
    await sleep(3_000);
    console.log(
      `monitor ${SCRIPT_PATH === SCRIPT ? "(current asset)" : SCRIPT_PATH}: 3 links, ${TCP ? "TCP connect to port 8081" : "ICMP"}, 2 targets each, 300 ms interval, ${SECONDS} s`,
    );
    const before = treeCpu(monitor.pid);
    const t0 = performance.now();
    await sleep(SECONDS * 1000);
    const after = treeCpu(monitor.pid);
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = (100 * (totalTicks(after) - totalTicks(before))) / TICKS / elapsed;
    console.log(`CPU, % of one core (monitor and all its processes): ${cpu.toFixed(2)} %`);
    console.log(`processes in the tree: ${after.size}`);
    console.log(byCommand(before, after));
    const forks = forksPerSecond(monitor.pid, STRACE_SECONDS);
    console.log(`forks per second (strace -f, ${STRACE_SECONDS} s): ${forks === null ? "strace missing" : forks.toFixed(1)}`);
    const s = rig.state();
    console.log(`links after the run: ${s?.links.map((l) => `${l.name} ${l.state} loss ${l.lossPercent}% rtt ${l.rttMs} ms`).join(", ")}`);
    if (!s?.links.every((l) => l.state === "up")) throw new Error("a link went down during the measurement");
  } finally {
    await rig.stopAll();
    rig.cleanup();
  }
}

const lab = await startWanLab({ label: "bmoncpu", isps: 3, lanClients: 0 });
const stop = () => lab.stop();
process.once("SIGINT", () => void stop().then(() => process.exit(130)));
try {
  await main(lab);
} finally {
  await stop();
}
