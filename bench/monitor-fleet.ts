// The fleet benchmark (issue 11): the dashboard's monitor polling 100, 300 and 1,000 simulated RouterOS routers at
// 2 s on this machine, each size a fresh run (bench/fleet/run-size.ts: its own fleet process, SQLite database and
// dashboard, the built app served by scripts/serve.mjs as in production, so the SSE streams and /metrics are the
// real HTTP ones). Prints the figures as a table; bench/RESULTS.md records them.
// Usage: npx next build && npx tsx bench/monitor-fleet.ts [sizes=100,300,1000] [--window 75] [--warmup 45] [--subscribers 1,10,100]
//        [--postgres]   (a throwaway PostgreSQL server instead of the SQLite default; needs scripts/install-postgres.sh)
//        [--profile <dir>]   (the dashboard's CPU profile per size; read with bench/fleet/profile-summary.ts)
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";

import type { SizeResult } from "./fleet/run-size";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    window: { type: "string", default: "75" },
    warmup: { type: "string", default: "45" },
    subscribers: { type: "string", default: "1,10,100" },
    postgres: { type: "boolean", default: false },
    profile: { type: "string" },
  },
});
const sizes = (positionals[0] ?? "100,300,1000").split(",").map(Number);

function runSize(devices: number): Promise<SizeResult> {
  const args = [
    "--devices",
    String(devices),
    "--window",
    values.window,
    "--warmup",
    values.warmup,
    "--subscribers",
    values.subscribers,
    ...(values.postgres ? ["--postgres"] : []),
    ...(values.profile ? ["--profile", values.profile] : []),
  ];
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "bench/fleet/run-size.ts", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => {
      const last = out.trim().split("\n").at(-1);
      if (code === 0 && last) resolve(JSON.parse(last) as SizeResult);
      else reject(new Error(`the ${devices}-device run exited ${code}`));
    }),
  );
}

const f = (value: number | null | undefined, digits = 0) =>
  value === null || value === undefined ? "n/a" : value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(results: SizeResult[]): string {
  const rows: [string, (r: SizeResult) => string][] = [
    ["machine load average, window start / end", (r) => `${f(r.loadAverage[0], 1)} / ${f(r.loadAverage[1], 1)}`],
    ["dashboard CPU (% of one core)", (r) => f(r.dashboard.cpuPercent, 1)],
    ["dashboard RSS, max (MiB)", (r) => f(r.dashboard.rssMaxMiB)],
    ["polls/s achieved / expected", (r) => `${f(r.polls.achievedPerS, 1)} / ${f(r.polls.expectedPerS)}`],
    ["failed polls/s", (r) => f(r.polls.failedPerS, 1)],
    ["poll duration p50 / p95 (ms)", (r) => `${f(r.polls.durationP50Ms)} / ${f(r.polls.durationP95Ms)}`],
    ["poll duration p50 / p95, target devices' pollMs (ms)", (r) => `${f(r.delay[0]?.pollP50Ms)} / ${f(r.delay[0]?.pollP95Ms)}`],
    ["dashboard CPU per poll (ms)", (r) => f(r.dashboard.cpuMsPerPoll, 2)],
    ["one /metrics scrape (ms)", (r) => f(r.dashboard.metricsScrapeMs)],
    ["commands / reply sentences per poll (router's count)", (r) => `${f(r.perPoll.commands, 1)} / ${f(r.perPoll.replySentences, 1)}`],
    ["bytes per poll to / from the router", (r) => `${f(r.perPoll.bytesToRouter)} / ${f(r.perPoll.bytesFromRouter)}`],
    ["logins during the window; most commands open at once", (r) => `${f(r.perPoll.logins)}; ${r.perPoll.peakInFlight}`],
    ["DB growth per device per day, during the window (bytes)", (r) => f(r.history.bytesPerDevicePerDay)],
    ["history payload per device per day, raw samples (bytes)", (r) => f(r.history.payloadBytesPerDevicePerDay)],
    ["history per device per day, compacted minute blocks (bytes)", (r) => f(r.history.minuteBlockBytesPerDeviceDay)],
    ["fleet process CPU (%) / RSS (MiB)", (r) => `${f(r.fleet.cpuPercent, 1)} / ${f(r.fleet.rssMiB)}`],
    ["fleet event-loop delay p99 (ms)", (r) => f(r.fleet.loopP99Ms, 1)],
  ];
  for (const [i, phase] of (results[0]?.delay ?? []).entries()) {
    rows.push([
      `delay p50 / p95 / max, ${phase.subscribers} subscriber(s) (ms)`,
      (r) => (r.delay[i] ? `${f(r.delay[i].p50Ms)} / ${f(r.delay[i].p95Ms)} / ${f(r.delay[i].maxMs)}` : "n/a"),
    ]);
    rows.push([
      `  after the read p50 / p95; missed of deliveries`,
      (r) =>
        r.delay[i]
          ? `${f(r.delay[i].afterReadP50Ms)} / ${f(r.delay[i].afterReadP95Ms)}; ${r.delay[i].missed} of ${r.delay[i].deliveries + r.delay[i].missed}`
          : "n/a",
    ]);
  }
  const header = ["| what | ", results.map((r) => `${f(r.devices)} devices (${r.database})`).join(" | "), " |"].join("");
  const rule = `|---|${results.map(() => "---|").join("")}`;
  return [header, rule, ...rows.map(([what, cell]) => `| ${what} | ${results.map(cell).join(" | ")} |`)].join("\n");
}

const results: SizeResult[] = [];
for (const devices of sizes) {
  results.push(await runSize(devices));
  console.log(JSON.stringify(results.at(-1)));
}
console.log(`\n${table(results)}`);
