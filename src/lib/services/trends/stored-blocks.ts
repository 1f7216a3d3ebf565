import "server-only";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Db } from "@/lib/db/client";
import { decodeBlock, encodeBlock } from "@/lib/domain/monitor/history/codec";
import { BLOCK_SPAN_MS, type Resolution } from "@/lib/domain/monitor/history/plan";
import { mergeBlocks, type SeriesBlock, sliceBlock } from "@/lib/domain/monitor/history/series";
import type { HistoryStore } from "./history-store";

// The stored forms of history, shared by the monitor (which writes and compacts) and the trends service (which
// reads): a raw sample is encodeBlock's bytes as they are (one point compresses badly); a SampleBlock is the same
// encoding deflated (raw deflate, no zlib header: the columns of a minute repeat and compress ~4×).

export const packSample = (block: SeriesBlock): Uint8Array<ArrayBuffer> => new Uint8Array(encodeBlock(block));
export const unpackSample = (bytes: Uint8Array): SeriesBlock => decodeBlock(bytes);
export const packBlock = (block: SeriesBlock): Uint8Array<ArrayBuffer> => new Uint8Array(deflateRawSync(encodeBlock(block), { level: 9 }));
export const unpackBlock = (bytes: Uint8Array): SeriesBlock => decodeBlock(inflateRawSync(bytes));

/** One owner's stored blocks of a resolution that overlap [fromMs, toMs), merged; `coveredUntil` is the last end. */
export async function readBlocks(
  db: Db,
  store: HistoryStore,
  owner: string,
  resolution: Resolution,
  fromMs: number,
  toMs: number,
): Promise<{ block: SeriesBlock; coveredUntil: number | null }> {
  const rows = await store.blocks(db).findMany({
    where: {
      ...store.owner(owner),
      resolution,
      startMs: { lt: BigInt(toMs), gte: BigInt(fromMs - BLOCK_SPAN_MS[resolution]) },
      endMs: { gt: BigInt(fromMs) },
    },
    orderBy: { startMs: "asc" },
  });
  const block = sliceBlock(mergeBlocks(rows.map((r) => unpackBlock(r.data))), fromMs, toMs);
  const last = rows.at(-1);
  return { block, coveredUntil: last ? Number(last.endMs) : null };
}

/** One owner's raw samples not yet compacted, in [fromMs, toMs). */
export async function readRawSamples(db: Db, store: HistoryStore, owner: string, fromMs: number, toMs: number): Promise<SeriesBlock> {
  const rows = await store.raw(db).findMany({
    where: { ...store.owner(owner), atMs: { gte: BigInt(fromMs), lt: BigInt(toMs) } },
    orderBy: { atMs: "asc" },
  });
  return mergeBlocks(rows.map((r) => unpackSample(r.data)));
}
