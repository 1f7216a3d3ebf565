import { hex, linkMark, POOL_SIZE } from "./layout";

// Weights → buckets of the pool (0–99). The on-device monitor recomputes the pool with this same algorithm when
// links change state (monitor-config.ts states it for the shell side), so it is kept integer-only and exact:
//   1. live links of the lowest tier that has one, in intent order; none → an empty pool;
//   2. each gets floor(100·w/W) buckets; the buckets left go one each to the largest remainders (100·w mod W),
//      ties to the earlier link;
//   3. a link left with 0 buckets takes one from the link holding the most (ties: the earlier one);
//   4. ranges are contiguous in intent order, starting at 0.

export type PoolMember = { index: number; weight: number; tier: number };
export type PoolRange = { from: number; to: number; index: number; mark: number };

/** Largest-remainder apportionment of POOL_SIZE buckets; every member gets at least one. */
export function bucketCounts(weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  if (weights.length > POOL_SIZE) throw new Error(`at most ${POOL_SIZE} links share a pool`);
  if (weights.some((w) => !Number.isInteger(w) || w < 1)) throw new Error("weights are positive integers");
  const total = weights.reduce((sum, w) => sum + w, 0);
  const counts = weights.map((w) => Math.floor((POOL_SIZE * w) / total));
  const byRemainder = weights.map((w, i) => ({ i, remainder: (POOL_SIZE * w) % total })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  let left = POOL_SIZE - counts.reduce((sum, c) => sum + c, 0);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    counts[i]! += 1;
    left -= 1;
  }
  counts.forEach((count, i) => {
    if (count > 0) return;
    const donor = counts.indexOf(Math.max(...counts));
    counts[donor]! -= 1;
    counts[i] = 1;
  });
  return counts;
}

/** The pool while exactly the links with these indexes are up. */
export function poolFor(members: readonly PoolMember[], live: readonly number[]): PoolRange[] {
  const up = members.filter((m) => live.includes(m.index)).sort((a, b) => a.index - b.index);
  if (up.length === 0) return [];
  const tier = Math.min(...up.map((m) => m.tier));
  const active = up.filter((m) => m.tier === tier);
  const counts = bucketCounts(active.map((m) => m.weight));
  let from = 0;
  return active.map((m, k) => {
    const range = { from, to: from + counts[k]! - 1, index: m.index, mark: linkMark(m.index) };
    from = range.to + 1;
    return range;
  });
}

/** The pool compiled into the ruleset: every link up. */
export function initialPool(links: readonly { weight: number; tier: number }[]): PoolRange[] {
  const members = links.map((l, index) => ({ index, weight: l.weight, tier: l.tier }));
  return poolFor(
    members,
    members.map((m) => m.index),
  );
}

/** nft interval-map elements, e.g. "0-74 : 0x100, 75-99 : 0x200"; a one-bucket range is written as one value. */
export function nftPoolElements(pool: readonly PoolRange[]): string {
  return pool.map((r) => `${r.from === r.to ? r.from : `${r.from}-${r.to}`} : ${hex(r.mark)}`).join(", ");
}
