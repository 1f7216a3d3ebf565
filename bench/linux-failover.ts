// Failover and failback time of a pushed 3:1 policy on a real Linux gateway (the dual-WAN lab), seen from a LAN
// client. Per run:
//   failover: isp1 goes dark silently (dropAll: wan1 keeps its carrier, only the monitor's probes can tell). A LAN
//     client opens a new TCP connection to the internet host every 50 ms (300 ms connect timeout, fixed source
//     port so each attempt can be found in the ISPs' flow sets). Failover time = from just before the drop to the
//     moment the first connection succeeded through isp2 after which every later attempt succeeded through isp2
//     and none reached isp1 any more.
//   failback: isp1.restore(); failback time = from just before the restore to the first connection carried by isp1.
// The monitor's own verdict times (declared down / up, from its state file) are printed beside them.
// Then flapping: for `--flap` seconds per variant (default 180, 0 skips) both ISPs lose packets at random and the
// monitor's state file is read every 250 ms over one SSH session: every change of a link's `since` is a transition
// (a false down and its recovery are two). Variants: 10 % of the probes (the gateway's echo requests, dropped by an
// nft `numgen random` rule in each ISP namespace) and isp.setLoss(10) (10 % of all packets each way: 19 % of
// the probes). The mean loss the monitor reported is printed too.
// 3:1 rather than 1:1 because both figures are read off random per-connection picks: a run of attempts that happen
// to go to isp2 just before the pool switch makes the failover look early (k such attempts: k × 50 ms, probability
// 0.5^k at 1:1 but 0.25^k at 3:1), and the first isp1 connection after the failback comes sooner at 75 %.
// Usage: npx tsx bench/linux-failover.ts [runs=10] [--flap=180]
//   WAYMARK_BENCH_MONITOR=path/to/monitor.sh pushes another monitor.sh (e.g. an older one, for a before figure).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { IspName } from "../lab";
import { GATEWAY_PATHS } from "@/lib/domain/compile/linux/layout";
import { parseMonitorState } from "@/lib/devices/linux/monitor-state";
import { runsArg, sleep, span, withLabs, type BenchLab } from "./linux-lab";

// After linux-lab.ts (its loader hook lets "server-only" modules load outside Next.js).
const { connectSsh } = await import("@/lib/devices/linux/ssh-client");

const RUNS = runsArg(10);
const FLAP_SECONDS = Number(
  process.argv
    .slice(2)
    .find((a) => a.startsWith("--flap="))
    ?.split("=")[1] ?? 180,
);
const UNDER_MS = 1_000;
const EVERY_MS = 50;
const CONNECT_TIMEOUT_MS = 300;
const PHASE_MS = 5_000;
/** Failover counts as complete only if at least this long a tail of clean attempts follows it. */
const CLEAN_TAIL_MS = 1_500;

type Attempt = { sentAt: number; doneAt: number; localPort: number; ok: boolean; seenAs: string | null; error: string | null };
type Seen = Attempt & { link: IspName | null; reached: Set<IspName> };

// Runs inside the LAN client's namespace (plain node, CommonJS): one JSON line per finished attempt.
const PROBER = `
const net = require("node:net");
const o = JSON.parse(process.argv[1]);
const now = () => performance.timeOrigin + performance.now();
let port = o.firstPort, pending = 0, stopped = false;
function attempt() {
  const r = { sentAt: now(), doneAt: 0, localPort: port++, ok: false, seenAs: null, error: null };
  pending++;
  const s = net.connect({ host: o.host, port: o.port, localPort: r.localPort });
  let buf = "", done = false;
  const timer = setTimeout(() => finish(false, "timeout"), o.timeoutMs);
  function finish(ok, error) {
    if (done) return;
    done = true; clearTimeout(timer);
    Object.assign(r, { ok, error: error || null, doneAt: now() });
    ok ? s.end() : s.destroy();
    process.stdout.write(JSON.stringify(r) + "\\n");
    if (--pending === 0 && stopped) process.exit(0);
  }
  s.on("data", (c) => {
    buf += c;
    const i = buf.indexOf("\\n");
    if (i < 0) return;
    try { r.seenAs = JSON.parse(buf.slice(0, i)).peer; finish(true); } catch { finish(false, "bad greeting"); }
  });
  s.on("error", (e) => finish(false, e.code || e.message));
  s.on("close", () => finish(false, "closed"));
}
const iv = setInterval(attempt, o.everyMs);
attempt();
setTimeout(() => { clearInterval(iv); stopped = true; if (pending === 0) process.exit(0); }, o.durationMs);
`;

let nextPort = 20_000; // below the ephemeral range, never reused within a run of the benchmark

/** Probes from lan1 for PHASE_MS while `fault` happens ~200 ms in; returns when it happened and every attempt. */
async function phase(bench: BenchLab, fault: () => Promise<void>): Promise<{ t0: number; attempts: Seen[] }> {
  const { lab } = bench;
  await Promise.all(lab.isps.map((isp) => isp.resetCounters()));
  const config = { host: lab.probeTargets[0], port: 8080, everyMs: EVERY_MS, timeoutMs: CONNECT_TIMEOUT_MS, durationMs: PHASE_MS, firstPort: nextPort };
  nextPort += Math.ceil(PHASE_MS / EVERY_MS) + 50;
  const child = spawn("ip", ["netns", "exec", lab.clients[0]!.node.namespace!, process.execPath, "-e", PROBER, JSON.stringify(config)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const attempts: Attempt[] = [];
  let first: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (first = resolve));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    attempts.push(JSON.parse(line) as Attempt);
    first();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  await started;
  await sleep(200);
  const t0 = Date.now();
  await fault();
  if ((await exited) !== 0) throw new Error("prober failed");
  // Which ISP each attempt's packets reached (the ISPs log every TCP flow before their drop rule).
  const reached = new Map<number, Set<IspName>>();
  for (const isp of lab.isps) {
    for (const flow of await isp.flows()) {
      if (flow.dport !== 8080 || flow.src !== isp.wanAddress) continue;
      reached.set(flow.sport, (reached.get(flow.sport) ?? new Set()).add(isp.name));
    }
  }
  const seen = attempts
    .sort((a, b) => a.sentAt - b.sentAt)
    .map((a) => ({ ...a, link: lab.whichLink(a.seenAs), reached: reached.get(a.localPort) ?? new Set<IspName>() }));
  return { t0, attempts: seen };
}

const sinceOf = async (bench: BenchLab, name: string, state: "up" | "down") => {
  const link = (await bench.linkStates()).find((l) => l.name === name);
  return link?.state === state ? link.since : null;
};

await withLabs(async (start) => {
  const bench = await start({ label: "bfailover", lanClients: 1 });
  const pushed = await bench.push(bench.plan([3, 1]), null);
  if (pushed.outcome.outcome !== "confirmed") throw new Error(`push: ${JSON.stringify(pushed.outcome)}`);
  await bench.waitAllUp();
  const isp1 = bench.lab.isp("isp1");
  console.log(`3:1 per-connection policy pushed in ${pushed.ms.toFixed(0)} ms; probes every 300 ms, timeout 250, down after 3, up after 5`);
  console.log(`client: a new connection every ${EVERY_MS} ms, ${CONNECT_TIMEOUT_MS} ms connect timeout, ${PHASE_MS} ms per phase\n`);

  const failovers: number[] = [];
  const detections: number[] = [];
  const failbacks: number[] = [];
  const recoveries: number[] = [];
  let incomplete = 0;
  for (let run = 1; run <= RUNS; run++) {
    await bench.waitAllUp();
    await sleep(300 + Math.random() * 300); // faults land at any phase of the probe rounds

    // ---- failover
    const down = await phase(bench, () => isp1.dropAll());
    const after = down.attempts.filter((a) => a.sentAt >= down.t0);
    const bad = (a: Seen) => !a.ok || a.link !== "isp2" || a.reached.has("isp1");
    const lastBad = after.findLastIndex(bad);
    const done = after[lastBad + 1];
    const tail = done ? after.at(-1)!.sentAt - done.sentAt : 0;
    const lost = after.filter((a) => !a.ok).length;
    const downSince = await sinceOf(bench, "isp1", "down");
    if (downSince !== null) detections.push(downSince - down.t0);
    let line = `run ${run}/${RUNS}: `;
    if (done && tail >= CLEAN_TAIL_MS) {
      failovers.push(done.doneAt - down.t0);
      line += `failover ${(done.doneAt - down.t0).toFixed(0)} ms`;
    } else {
      incomplete++;
      line += `failover NOT complete within ${PHASE_MS} ms`;
    }
    line += ` (declared down at ${downSince === null ? "?" : downSince - down.t0} ms, ${lost}/${after.length} attempts lost)`;

    // ---- failback
    const up = await phase(bench, () => isp1.restore());
    const afterUp = up.attempts.filter((a) => a.sentAt >= up.t0);
    const back = afterUp.find((a) => a.ok && a.link === "isp1");
    const upSince = await sinceOf(bench, "isp1", "up");
    if (upSince !== null) recoveries.push(upSince - up.t0);
    const failed = afterUp.filter((a) => !a.ok).length;
    if (back) failbacks.push(back.doneAt - up.t0);
    line += `; failback ${back ? `${(back.doneAt - up.t0).toFixed(0)} ms` : `none within ${PHASE_MS} ms`}`;
    line += ` (declared up at ${upSince === null ? "?" : upSince - up.t0} ms, ${failed}/${afterUp.length} attempts failed)`;
    console.log(line);
  }

  console.log("");
  const under = failovers.filter((ms) => ms < UNDER_MS).length;
  console.log(
    `failover (drop → new connections all via isp2): ${span(failovers)}${incomplete ? `, ${incomplete} run(s) incomplete` : ""}; under ${UNDER_MS} ms in ${under} of ${RUNS}`,
  );
  console.log(`  monitor declared isp1 down after:             ${span(detections)}`);
  console.log(`failback (restore → first connection via isp1): ${span(failbacks)}`);
  console.log(`  monitor declared isp1 up after:               ${span(recoveries)}`);

  if (FLAP_SECONDS > 0) {
    const ruleOf = (isp: BenchLab["lab"]["isps"][number]) =>
      `iifname "cust0" ip saddr ${isp.wanAddress} icmp type echo-request numgen random mod 100 < 10 drop`;
    await flapping(bench, "10 % of the probes dropped (echo requests)", (isp) =>
      isp.node.exec(["nft", `add rule inet wmisp fault ${ruleOf(isp)}`]).then(() => undefined),
    );
    await flapping(bench, "isp.setLoss(10): 10 % of all packets each way (19 % of the probes)", (isp) => isp.setLoss(10));
  }
});

/** Both ISPs lossy for FLAP_SECONDS; counts the monitor's transitions per link. */
async function flapping(bench: BenchLab, what: string, lossy: (isp: BenchLab["lab"]["isps"][number]) => Promise<void>): Promise<void> {
  const isps = bench.lab.isps;
  await bench.waitAllUp();
  const session = await connectSsh({ ...bench.target, timeoutMs: 10_000 });
  const transitions = new Map<string, number>();
  const since = new Map<string, number>();
  const losses = new Map<string, number[]>();
  try {
    await Promise.all(isps.map(lossy));
    const end = Date.now() + FLAP_SECONDS * 1000;
    while (Date.now() < end) {
      const read = await session.exec(["cat", GATEWAY_PATHS.monitorState], { timeoutMs: 5_000 });
      const state = read.code === 0 ? parseMonitorState(read.stdout) : null;
      for (const l of state?.links ?? []) {
        const before = since.get(l.name);
        if (before !== undefined && before !== l.since) transitions.set(l.name, (transitions.get(l.name) ?? 0) + 1);
        since.set(l.name, l.since);
        losses.set(l.name, [...(losses.get(l.name) ?? []), l.lossPercent]);
      }
      await sleep(250);
    }
  } finally {
    await Promise.all(isps.map((isp) => isp.restore()));
    session.close();
  }
  console.log(`\nflapping, ${what}, ${FLAP_SECONDS} s on isp1 and isp2:`);
  for (const [name, s] of since) {
    const loss = losses.get(name)!;
    const mean = loss.reduce((a, b) => a + b, 0) / loss.length;
    console.log(`  ${name}: ${transitions.get(name) ?? 0} transitions, reported loss mean ${mean.toFixed(1)} % (since=${s})`);
  }
}
