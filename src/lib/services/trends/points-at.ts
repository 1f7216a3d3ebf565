import "server-only";
import type { Db } from "@/lib/db/client";
import type { Resolution } from "@/lib/domain/monitor/history/plan";
import { rollup } from "@/lib/domain/monitor/history/rollup";
import { mergeBlocks, type SeriesBlock, sliceBlock } from "@/lib/domain/monitor/history/series";
import type { HistoryStore } from "./history-store";
import { readBlocks, readRawSamples } from "./stored-blocks";

const FINER: Record<60 | 3600, Resolution> = { 60: 0, 3600: 60 };

/**
 * Points of a resolution over [fromMs, toMs): the stored blocks, and past the last of them (the hour or day not
 * yet rolled up) the finer points rolled up on the spot, so the newest minutes show at every resolution. Devices'
 * and sites' histories alike (./history-store.ts).
 */
export async function pointsAt(db: Db, store: HistoryStore, owner: string, resolution: Resolution, fromMs: number, toMs: number): Promise<SeriesBlock> {
  const stored = await readBlocks(db, store, owner, resolution, fromMs, toMs);
  if (resolution === 0) return mergeBlocks([stored.block, await readRawSamples(db, store, owner, fromMs, toMs)]);
  const step = resolution * 1000;
  const tailFrom = Math.floor(Math.max(fromMs, stored.coveredUntil ?? fromMs) / step) * step;
  if (tailFrom >= toMs) return stored.block;
  const finer = await pointsAt(db, store, owner, FINER[resolution], tailFrom, toMs);
  return sliceBlock(mergeBlocks([stored.block, rollup(finer, step)]), Math.floor(fromMs / step) * step, toMs);
}
