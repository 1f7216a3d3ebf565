import "server-only";
import type { Db } from "@/lib/db/client";
import { providerOf } from "@/lib/db/provider";
import { env } from "@/lib/env";
import { BLOCK_SPAN_MS, ROLLUP_GRACE_MS, type Resolution } from "@/lib/domain/monitor/history/plan";
import { rollup } from "@/lib/domain/monitor/history/rollup";
import { mergeBlocks, type SeriesBlock } from "@/lib/domain/monitor/history/series";
import { HISTORY_STORES, type HistoryStore } from "@/lib/services/trends/history-store";
import { packBlock, unpackBlock, unpackSample } from "@/lib/services/trends/stored-blocks";

// Compaction, each minute: the raw samples of every finished minute become one SampleBlock (resolution 0) and are
// deleted in the same transaction; finished hours of those become a block of minute points (60), finished days of
// minute points a block of hour points (3600).
//
// One device's work is one transaction. With PostgreSQL several instances run this; each device's transaction
// first takes a transaction-scoped advisory lock on the device (pg_try_advisory_xact_lock) and skips the device if
// another instance holds it, so the work is done once. Every step re-reads what is stored, so a run that dies
// mid-way (the transaction rolls back) or runs twice leaves nothing lost or doubled: samples are deleted only with
// the block that holds them, a block that exists is merged into, never added twice (its key is device,
// resolution, start), and a rollup is made only for a period that has none. SQLite is one instance.
// Sites' histories (SiteSample, SiteSampleBlock) are compacted the same way, one transaction per site
// (../../services/trends/history-store.ts says which table is whose).

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const MINUTE = BLOCK_SPAN_MS[0];
const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;

/** Raw samples of finished minutes → resolution-0 blocks (merged into one already there), samples deleted. */
async function compactRaw(tx: Tx, store: HistoryStore, owner: string, nowMs: number): Promise<number> {
  const before = floorTo(nowMs - ROLLUP_GRACE_MS[0], MINUTE);
  const rows = await store.raw(tx).findMany({
    where: { ...store.owner(owner), atMs: { lt: BigInt(before) } },
    orderBy: { atMs: "asc" },
    take: 20_000,
  });
  const byMinute = new Map<number, typeof rows>();
  for (const row of rows) {
    const minute = floorTo(Number(row.atMs), MINUTE);
    byMinute.set(minute, [...(byMinute.get(minute) ?? []), row]);
  }
  for (const [minute, list] of byMinute) {
    const existing = await store.blocks(tx).findFirst({ where: { ...store.owner(owner), resolution: 0, startMs: BigInt(minute) } });
    const merged = mergeBlocks([...(existing ? [unpackBlock(existing.data)] : []), ...list.map((r) => unpackSample(r.data))]);
    await writeBlock(tx, store, owner, 0, minute, merged, existing !== null);
    await store.raw(tx).deleteMany({ where: { id: { in: list.map((r) => r.id) } } });
  }
  return byMinute.size;
}

async function writeBlock(tx: Tx, store: HistoryStore, owner: string, resolution: Resolution, startMs: number, block: SeriesBlock, exists: boolean) {
  const data = packBlock(block);
  const row = { points: block.times.length, data, endMs: BigInt(startMs + BLOCK_SPAN_MS[resolution]) };
  const key = { ...store.owner(owner), resolution, startMs: BigInt(startMs) };
  if (exists) await store.blocks(tx).updateMany({ where: key, data: row });
  else await store.blocks(tx).create({ data: { ...key, ...row } });
}

/** Finished periods of `target` with finer blocks and no rollup yet → one rollup block each. */
async function rollUp(tx: Tx, store: HistoryStore, owner: string, target: 60 | 3600, nowMs: number): Promise<number> {
  const finer: Resolution = target === 60 ? 0 : 60;
  const span = BLOCK_SPAN_MS[target];
  const last = await store.blocks(tx).findFirst({ where: { ...store.owner(owner), resolution: target }, orderBy: { startMs: "desc" } });
  const after = last ? Number(last.startMs) + span : 0;
  const before = floorTo(nowMs - ROLLUP_GRACE_MS[target], span);
  if (after >= before) return 0;
  const rows = await store.blocks(tx).findMany({
    where: { ...store.owner(owner), resolution: finer, startMs: { gte: BigInt(after), lt: BigInt(before) } },
    orderBy: { startMs: "asc" },
  });
  const byPeriod = new Map<number, SeriesBlock[]>();
  for (const row of rows) {
    const period = floorTo(Number(row.startMs), span);
    byPeriod.set(period, [...(byPeriod.get(period) ?? []), unpackBlock(row.data)]);
  }
  for (const [period, blocks] of byPeriod) {
    await writeBlock(tx, store, owner, target, period, rollup(mergeBlocks(blocks), target * 1000), false);
  }
  return byPeriod.size;
}

export type CompactionResult = { devices: number; sites: number; skipped: number; rawBlocks: number; minuteBlocks: number; hourBlocks: number };

/** One pass over every device and site with history. `nowMs` is injected by the tests' clock. */
export async function compactHistory(db: Db, nowMs = Date.now()): Promise<CompactionResult> {
  const result: CompactionResult = { devices: 0, sites: 0, skipped: 0, rawBlocks: 0, minuteBlocks: 0, hourBlocks: 0 };
  for (const store of HISTORY_STORES) await compactStore(db, store, nowMs, result);
  return result;
}

async function compactStore(db: Db, store: HistoryStore, nowMs: number, result: CompactionResult): Promise<void> {
  const postgres = providerOf(env().databaseUrl) === "postgresql";
  // Devices keep the lock key they always had, so an older instance beside this one still skips the same work.
  const lockKey = (id: string) => (store.kind === "device" ? `waymark-history:${id}` : `waymark-history:site:${id}`);
  for (const id of await store.owners(db)) {
    const done = await db.$transaction(
      async (tx) => {
        if (postgres) {
          const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${lockKey(id)})) AS locked`;
          if (!lock?.locked) return null;
        }
        const rawBlocks = await compactRaw(tx, store, id, nowMs);
        const minuteBlocks = await rollUp(tx, store, id, 60, nowMs);
        const hourBlocks = await rollUp(tx, store, id, 3600, nowMs);
        return { rawBlocks, minuteBlocks, hourBlocks };
      },
      // Waits for a connection behind a busy fleet's queries rather than failing the pass (P2028).
      { maxWait: 30_000, timeout: 60_000 },
    );
    if (!done) {
      result.skipped++;
      continue;
    }
    if (store.kind === "device") result.devices++;
    else result.sites++;
    result.rawBlocks += done.rawBlocks;
    result.minuteBlocks += done.minuteBlocks;
    result.hourBlocks += done.hourBlocks;
  }
}
