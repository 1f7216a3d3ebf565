// One size of the fleet benchmark, start to end, in a process of its own (the services read the environment
// once): fleet → template push → clones → dashboard → steady window → delay phases. Prints one JSON line of
// figures (`SizeResult`) on stdout; progress goes to stderr.
// Usage: node --import tsx --conditions=react-server bench/fleet/run-size.ts --devices 100 [--window 60] [--warmup 30]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { startTestPostgres } from "../../tests/support/postgres";
import { measureDelay, type DelayFigures } from "./delay";
import type { ApiCost } from "@/simulator/routeros";
import { databaseSize, gaugeValues, histogramBuckets, histogramQuantile, percentile, processTree } from "./measure";
import { lines, scrapeMetrics, signIn, startDashboard, startFleetProcess, startSubscribers, stop } from "./processes";

const { values } = parseArgs({
  options: {
    devices: { type: "string", default: "100" },
    window: { type: "string", default: "60" },
    warmup: { type: "string", default: "30" },
    subscribers: { type: "string", default: "1,10,100" },
    "base-port": { type: "string", default: "30000" },
    port: { type: "string", default: "3291" },
    postgres: { type: "boolean", default: false },
    /** A directory for the dashboard's V8 CPU profile (written when it stops). */
    profile: { type: "string" },
  },
});
const N = Number(values.devices);
const WINDOW_S = Number(values.window);
const WARMUP_S = Number(values.warmup);
const BASE_PORT = Number(values["base-port"]);
const log = (message: string) => process.stderr.write(`[bench ${N}] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type SizeResult = {
  devices: number;
  database: "sqlite" | "postgresql";
  windowS: number;
  /** The machine's 1-minute load average at the window's start and end (other work on the 2 cores). */
  loadAverage: [number, number];
  setup: { pushMs: number; planObjects: number; growMs: number; seedMs: number };
  dashboard: { cpuPercent: number; rssMaxMiB: number; cpuMsPerPoll: number | null; metricsScrapeMs: number };
  fleet: { cpuPercent: number; rssMiB: number; loopP99Ms: number };
  polls: { expectedPerS: number; achievedPerS: number; failedPerS: number; durationP50Ms: number | null; durationP95Ms: number | null; durationSource: string };
  /** As the routers count it: commands received, reply sentences sent, bytes each way; logins in the window. */
  perPoll: { commands: number; replySentences: number; bytesToRouter: number; bytesFromRouter: number; logins: number; peakInFlight: number };
  /**
   * Growth of the database during the window (raw samples; compaction into minute blocks starts after a minute),
   * and what a device-minute of compacted raw history weighs (× 1,440 = a day at full resolution).
   */
  history: { bytesPerDevicePerDay: number; payloadBytesPerDevicePerDay: number; samples: number; blocks: number; minuteBlockBytesPerDeviceDay: number | null };
  delay: DelayFigures[];
};

async function main(): Promise<SizeResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "waymark-fleet-bench-"));
  process.env.WAYMARK_DATA_DIR = dataDir;
  const fleet = await startFleetProcess(BASE_PORT, BASE_PORT - 10);
  const cleanup: (() => Promise<void>)[] = [() => stop(fleet.child)];
  try {
    if (values.postgres) {
      // A throwaway server of the tests' kind: loopback only, durability off (fsync=off), so writes cost less than on a real one.
      const server = await startTestPostgres();
      cleanup.push(() => server.stop());
      process.env.DATABASE_URL = server.url;
    }
    const databaseUrl = process.env.DATABASE_URL ?? `file:${path.join(dataDir, "waymark.db")}`;
    const seedStarted = performance.now();
    const { seedTemplate, seedClones } = await import("./seed");
    const template = await seedTemplate(BASE_PORT);
    log(`template pushed in ${template.pushMs.toFixed(0)} ms (${template.planObjects} objects)`);
    const grown = await fleet.call<{ bootMs: number }>("POST", "/grow", { count: N });
    const ids = await seedClones(template.deviceId, N, BASE_PORT);
    const seedMs = performance.now() - seedStarted;
    log(`${N} routers booted in ${grown.bootMs.toFixed(0)} ms; database seeded in ${seedMs.toFixed(0)} ms`);

    await fleet.call("POST", "/reset-cost");
    const dashboard = await startDashboard(Number(values.port), dataDir, values.profile);
    // With --profile the dashboard must exit by itself to write the profile: it does once its clients are gone.
    cleanup.unshift(() => stop(dashboard.child, values.profile ? 30_000 : 5_000));
    const session = await signIn(dashboard.base);
    const watcher = startSubscribers(dashboard.base, session.cookie, [], 0, true);
    cleanup.unshift(() => stop(watcher));
    const rows: { recv: number; device: string; readAt: number | null; state: string }[] = [];
    lines(watcher, (line) => {
      const event = JSON.parse(line) as { t: string; recv: number; device: string; readAt: number | null; state: string };
      if (event.t === "fleet") rows.push(event);
      else if (event.t === "error") log(`fleet watcher: ${line}`);
    });
    log(`dashboard up; warming up ${WARMUP_S} s`);
    await sleep(WARMUP_S * 1000);

    // /metrics is scraped just outside the window (its cost at 1,000 devices is not the monitor's), and timed.
    const sample = async () => {
      const scrapeStarted = performance.now();
      const metrics = await scrapeMetrics(dashboard.base, session.token);
      const scrapeMs = performance.now() - scrapeStarted;
      return {
        at: Date.now(),
        load: Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]),
        dashboard: processTree(dashboard.child.pid!),
        fleet: await fleet.call<{ cpuMicros: number; rss: number; loopP99Ms: number }>("GET", "/stats"),
        cost: (await fleet.call<{ total: ApiCost }>("GET", "/cost")).total,
        db: await databaseSize(databaseUrl),
        metrics,
        scrapeMs,
      };
    };
    const before = await sample();
    let rssMax = before.dashboard.rssBytes;
    const windowEnd = before.at + WINDOW_S * 1000;
    while (Date.now() < windowEnd) {
      await sleep(Math.max(0, Math.min(5_000, windowEnd - Date.now())));
      rssMax = Math.max(rssMax, processTree(dashboard.child.pid!).rssBytes);
    }
    const after = await sample();
    const gaugePolls = [before.metrics, after.metrics].flatMap((m) => (m ? gaugeValues(m, "waymark_poll_duration_seconds").map((s) => s * 1000) : []));
    const seconds = (after.at - before.at) / 1000;

    // A poll is a fleet row whose reading is newer than the device's previous row.
    const lastRead = new Map<string, number | null>();
    let polls = 0;
    let failed = 0;
    for (const row of rows) {
      const previous = lastRead.get(row.device);
      lastRead.set(row.device, row.readAt);
      if (row.recv < before.at || row.recv > after.at) continue;
      if (row.state !== "ok") failed += 1;
      else if (row.readAt !== null && row.readAt !== previous) polls += 1;
    }
    const durations = durationFigures(before.metrics, after.metrics, gaugePolls);
    const cost = (key: keyof ApiCost) => (after.cost[key] - before.cost[key]) / Math.max(1, polls);
    const day = 86_400 / seconds / N;
    const result: Omit<SizeResult, "delay"> = {
      devices: N,
      database: values.postgres ? "postgresql" : "sqlite",
      windowS: Math.round(seconds),
      loadAverage: [before.load, after.load],
      setup: { pushMs: template.pushMs, planObjects: template.planObjects, growMs: grown.bootMs, seedMs },
      dashboard: {
        cpuPercent: ((after.dashboard.cpuSeconds - before.dashboard.cpuSeconds) / seconds) * 100,
        rssMaxMiB: rssMax / 2 ** 20,
        cpuMsPerPoll: polls > 0 ? ((after.dashboard.cpuSeconds - before.dashboard.cpuSeconds) * 1000) / polls : null,
        metricsScrapeMs: after.scrapeMs,
      },
      fleet: {
        cpuPercent: ((after.fleet.cpuMicros - before.fleet.cpuMicros) / 1e6 / seconds) * 100,
        rssMiB: after.fleet.rss / 2 ** 20,
        loopP99Ms: after.fleet.loopP99Ms,
      },
      polls: { expectedPerS: N / 2, achievedPerS: polls / seconds, failedPerS: failed / seconds, ...durations },
      perPoll: {
        commands: cost("sentencesReceived"),
        replySentences: cost("sentencesSent"),
        bytesToRouter: cost("bytesReceived"),
        bytesFromRouter: cost("bytesSent"),
        logins: after.cost.logins - before.cost.logins,
        peakInFlight: after.cost.peakInFlight,
      },
      history: {
        bytesPerDevicePerDay: (after.db.usedBytes - before.db.usedBytes) * day,
        payloadBytesPerDevicePerDay: (after.db.historyPayloadBytes - before.db.historyPayloadBytes) * day,
        samples: after.db.samples,
        blocks: after.db.blocks,
        minuteBlockBytesPerDeviceDay: after.db.minuteBlocks > 0 ? (after.db.minuteBlockBytes / after.db.minuteBlocks) * 1_440 : null,
      },
    };
    log(JSON.stringify(result));
    const targets = [0, Math.floor(N / 4), Math.floor(N / 2), Math.floor((3 * N) / 4), N - 1].filter((v, i, all) => all.indexOf(v) === i);
    const delay: DelayFigures[] = [];
    for (const count of values.subscribers.split(",").map(Number)) {
      delay.push(
        await measureDelay({
          fleet,
          base: dashboard.base,
          cookie: session.cookie,
          targets: targets.map((index) => ({ index, id: ids[index]! })),
          subscribers: count,
        }),
      );
      log(`delay with ${count} subscriber(s): ${JSON.stringify(delay.at(-1))}`);
    }
    return { ...result, delay };
  } finally {
    for (const step of cleanup) await step().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function durationFigures(before: string | null, after: string | null, gaugeMs: number[]) {
  if (before && after) {
    const b = histogramBuckets(before, "waymark_poll_duration_seconds");
    const a = histogramBuckets(after, "waymark_poll_duration_seconds");
    if (a.size > 0) {
      const q = (p: number) => histogramQuantile(b, a, p);
      const ms = (v: number | null) => (v === null ? null : v * 1000);
      return { durationP50Ms: ms(q(0.5)), durationP95Ms: ms(q(0.95)), durationSource: "/metrics histogram (bucket upper bound)" };
    }
  }
  if (gaugeMs.length > 0)
    return {
      durationP50Ms: percentile(gaugeMs, 50),
      durationP95Ms: percentile(gaugeMs, 95),
      durationSource: "/metrics per-device gauge (each device's last poll), at the window's start and end",
    };
  return { durationP50Ms: null, durationP95Ms: null, durationSource: "none (no /metrics)" };
}

const result = await main();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
