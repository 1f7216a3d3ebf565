import "server-only";
import type { Db } from "@/lib/db/client";
import { type Retention, retentionCutoffMs } from "@/lib/domain/monitor/history/plan";
import { HISTORY_STORES } from "@/lib/services/trends/history-store";

// Retention, after each compaction: blocks whose period ended before their resolution's retention, raw samples
// older than the raw window (left by a device whose compaction failed for hours), and old state changes. Deleting
// by a cutoff is idempotent, devices' and sites' alike, so any instance may run it, as often as it likes.

const DAY = 86_400_000;

export type PruneResult = { blocks: number; samples: number; events: number };

export async function pruneHistory(db: Db, retention: Retention, nowMs = Date.now()): Promise<PruneResult> {
  let blocks = 0;
  let samples = 0;
  for (const store of HISTORY_STORES) {
    for (const resolution of [0, 60, 3600] as const) {
      const cutoff = BigInt(retentionCutoffMs(resolution, nowMs, retention));
      blocks += (await store.blocks(db).deleteMany({ where: { resolution, endMs: { lte: cutoff } } })).count;
    }
    samples += (await store.raw(db).deleteMany({ where: { atMs: { lt: BigInt(retentionCutoffMs(0, nowMs, retention)) } } })).count;
  }
  const events = (await db.stateEvent.deleteMany({ where: { atMs: { lt: BigInt(nowMs - retention.eventDays * DAY) } } })).count;
  return { blocks, samples, events };
}
