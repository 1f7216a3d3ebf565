// What the benchmark reads off the machine and the dashboard: a process tree's CPU time and RSS (/proc), the
// database's size (SQLite pages in use, history payload), the poll-duration histogram of /metrics, percentiles.
import { readdirSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";

const CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux x86_64

/** A process and its descendants (Next.js may start workers): CPU seconds used so far and RSS in bytes. */
export function processTree(pid: number): { cpuSeconds: number; rssBytes: number } {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) parents.set(Number(entry), stat.ppid);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  let ticks = 0;
  let rss = 0;
  for (const member of tree) {
    const stat = readStat(member);
    if (!stat) continue;
    ticks += stat.ticks;
    rss += stat.rssPages * 4096;
  }
  return { cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND, rssBytes: rss };
}

// /proc/<pid>/stat, proc(5): "2176 (node) S 2165 … utime stime …"; fields after the command's closing paren
// start at field 3 (state), so utime (14) and stime (15) are at 11 and 12 of the rest, rss (24) at 21.
function readStat(pid: number): { ppid: number; ticks: number; rssPages: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]), rssPages: Number(rest[21]) };
}

export type DatabaseSize = {
  usedBytes: number;
  historyPayloadBytes: number;
  samples: number;
  blocks: number;
  /** The compacted raw history: minute blocks (resolution 0) and their payload. */
  minuteBlocks: number;
  minuteBlockBytes: number;
};

/** What the database holds: SQLite file:… or PostgreSQL postgres://… */
export function databaseSize(url: string): Promise<DatabaseSize> {
  return url.startsWith("file:") ? Promise.resolve(sqliteSize(url.slice("file:".length))) : postgresSize(url);
}

const HISTORY_SQL = (quote: string) =>
  `SELECT (SELECT count(*) FROM ${quote}MonitorSample${quote}) AS samples, (SELECT coalesce(sum(length(data)), 0) FROM ${quote}MonitorSample${quote}) AS "sampleBytes",
          (SELECT count(*) FROM ${quote}SampleBlock${quote}) AS blocks, (SELECT coalesce(sum(length(data)), 0) FROM ${quote}SampleBlock${quote}) AS "blockBytes",
          (SELECT count(*) FROM ${quote}SampleBlock${quote} WHERE resolution = 0) AS "minuteBlocks",
          (SELECT coalesce(sum(length(data)), 0) FROM ${quote}SampleBlock${quote} WHERE resolution = 0) AS "minuteBlockBytes"`;
type HistoryRow = { samples: number; sampleBytes: number; blocks: number; blockBytes: number; minuteBlocks: number; minuteBlockBytes: number };

/** PostgreSQL: the database's size on disk (tables, indexes, TOAST; not the WAL) and the history's payload. */
async function postgresSize(url: string): Promise<DatabaseSize> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const size = await client.query<{ bytes: string }>("SELECT pg_database_size(current_database()) AS bytes");
    const history = (await client.query<Record<keyof HistoryRow, string>>(HISTORY_SQL('"'))).rows[0]!;
    return {
      usedBytes: Number(size.rows[0]!.bytes),
      historyPayloadBytes: Number(history.sampleBytes) + Number(history.blockBytes),
      samples: Number(history.samples),
      blocks: Number(history.blocks),
      minuteBlocks: Number(history.minuteBlocks),
      minuteBlockBytes: Number(history.minuteBlockBytes),
    };
  } finally {
    await client.end();
  }
}

/** SQLite: pages in use (tables and indexes, the WAL's committed pages included) and the history's payload. */
function sqliteSize(file: string): DatabaseSize {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const pragma = (name: string) => Number(db.pragma(name, { simple: true }));
    const usedBytes = (pragma("page_count") - pragma("freelist_count")) * pragma("page_size");
    const history = db.prepare(HISTORY_SQL("")).get() as HistoryRow;
    const { samples, blocks, minuteBlocks, minuteBlockBytes } = history;
    return { usedBytes, historyPayloadBytes: history.sampleBytes + history.blockBytes, samples, blocks, minuteBlocks, minuteBlockBytes };
  } finally {
    db.close();
  }
}

/** Cumulative buckets of one histogram in a Prometheus text exposition, summed over its label sets: le → count. */
export function histogramBuckets(exposition: string, name: string): Map<number, number> {
  const buckets = new Map<number, number>();
  const pattern = new RegExp(`^${name}_bucket\\{(.*)\\} ([0-9.e+-]+)$`);
  for (const line of exposition.split("\n")) {
    const match = pattern.exec(line);
    if (!match) continue;
    const le = /le="([^"]+)"/.exec(match[1]!)?.[1];
    if (le === undefined) continue;
    const bound = le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(match[2]));
  }
  return buckets;
}

/** Every sample of a gauge (one per label set), e.g. each device's last poll duration. */
export function gaugeValues(exposition: string, name: string): number[] {
  const pattern = new RegExp(`^${name}(\\{.*\\})? ([0-9.e+-]+)$`);
  return exposition
    .split("\n")
    .map((line) => pattern.exec(line))
    .filter((match) => match !== null)
    .map((match) => Number(match[2]));
}

/** The q-quantile (0–1) of what a histogram counted between two scrapes, as the upper bound of its bucket. */
export function histogramQuantile(before: Map<number, number>, after: Map<number, number>, q: number): number | null {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((bound) => (after.get(bound) ?? 0) - (before.get(bound) ?? 0));
  const total = counts.at(-1) ?? 0;
  if (total <= 0) return null;
  const index = counts.findIndex((count) => count >= q * total);
  return bounds[index] ?? null;
}

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
