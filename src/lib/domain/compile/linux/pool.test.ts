import { describe, expect, it } from "vitest";
import { iptablesPoolRules, rangeBlocks } from "./iptables-pool";
import { bucketCounts, initialPool, nftPoolElements, poolFor } from "./pool";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("[domain] Linux pool: weights → buckets 0-99", () => {
  it("splits 3:1 into 0-74 and 75-99", () => {
    const pool = initialPool([
      { weight: 3, tier: 1 },
      { weight: 1, tier: 1 },
    ]);
    expect(pool).toEqual([
      { from: 0, to: 74, index: 0, mark: 0x100 },
      { from: 75, to: 99, index: 1, mark: 0x200 },
    ]);
    expect(nftPoolElements(pool)).toBe("0-74 : 0x100, 75-99 : 0x200");
  });

  it.each([
    [
      [1, 1, 1],
      [34, 33, 33],
    ],
    [
      [2, 1],
      [67, 33],
    ],
    [
      [1, 2],
      [33, 67],
    ],
    [[5], [100]],
    [
      [1, 1, 1, 1, 1, 1, 1],
      [15, 15, 14, 14, 14, 14, 14],
    ],
    [
      [100, 1],
      [99, 1],
    ],
  ])("largest remainder, ties to the earlier link: %j → %j", (weights, counts) => {
    expect(bucketCounts(weights)).toEqual(counts);
  });

  it("gives every live link at least one bucket, taking it from the largest", () => {
    const counts = bucketCounts([100, ...Array(15).fill(1)]);
    expect(sum(counts)).toBe(100);
    expect(Math.min(...counts)).toBe(1);
    expect(counts[0]).toBe(85);
    for (const weights of [
      [100, 100, 1],
      [37, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
      [3, 7, 11, 13],
    ]) {
      const c = bucketCounts(weights);
      expect(sum(c)).toBe(100);
      expect(Math.min(...c)).toBeGreaterThan(0);
    }
  });

  it("uses only the lowest tier that has a live link, in intent order", () => {
    const members = [
      { index: 0, weight: 3, tier: 1 },
      { index: 1, weight: 1, tier: 1 },
      { index: 2, weight: 1, tier: 2 },
      { index: 3, weight: 1, tier: 2 },
    ];
    expect(nftPoolElements(poolFor(members, [0, 1, 2, 3]))).toBe("0-74 : 0x100, 75-99 : 0x200");
    expect(nftPoolElements(poolFor(members, [1, 2, 3]))).toBe("0-99 : 0x200");
    expect(nftPoolElements(poolFor(members, [3, 2]))).toBe("0-49 : 0x300, 50-99 : 0x400");
    expect(poolFor(members, [])).toEqual([]);
  });

  it("writes a one-bucket range as a single value", () => {
    expect(
      nftPoolElements(
        poolFor(
          [
            { index: 0, weight: 99, tier: 1 },
            { index: 1, weight: 1, tier: 1 },
          ],
          [0, 1],
        ),
      ),
    ).toBe("0-98 : 0x100, 99 : 0x200");
  });
});

describe("[domain] Linux pool in the iptables flavour", () => {
  it("per-connection: an mwan3-style cascade of cumulative probabilities, the last link unconditional", () => {
    const pool = poolFor(
      [
        { index: 0, weight: 5, tier: 1 },
        { index: 1, weight: 3, tier: 1 },
        { index: 2, weight: 2, tier: 1 },
      ],
      [0, 1, 2],
    );
    expect(iptablesPoolRules(pool, "per-connection")).toEqual([
      "-A WAYMARK_POOL -m mark --mark 0x0/0xff00 -m statistic --mode random --probability 0.50000000000 -j WAYMARK_TO0",
      "-A WAYMARK_POOL -m mark --mark 0x0/0xff00 -m statistic --mode random --probability 0.60000000000 -j WAYMARK_TO1",
      "-A WAYMARK_POOL -m mark --mark 0x0/0xff00 -j WAYMARK_TO2",
    ]);
    expect(iptablesPoolRules([], "per-connection")).toEqual([]);
  });

  it("sticky: each link's buckets as aligned mark blocks", () => {
    const pool = initialPool([
      { weight: 3, tier: 1 },
      { weight: 1, tier: 1 },
    ]);
    expect(iptablesPoolRules(pool, "sticky-source")).toEqual([
      "-A WAYMARK_POOL -m mark --mark 0x0/0xffffffc0 -j WAYMARK_TO0",
      "-A WAYMARK_POOL -m mark --mark 0x40/0xfffffff8 -j WAYMARK_TO0",
      "-A WAYMARK_POOL -m mark --mark 0x48/0xfffffffe -j WAYMARK_TO0",
      "-A WAYMARK_POOL -m mark --mark 0x4a/0xffffffff -j WAYMARK_TO0",
      "-A WAYMARK_POOL -m mark --mark 0x4b/0xffffffff -j WAYMARK_TO1",
      "-A WAYMARK_POOL -m mark --mark 0x4c/0xfffffffc -j WAYMARK_TO1",
      "-A WAYMARK_POOL -m mark --mark 0x50/0xfffffff0 -j WAYMARK_TO1",
      "-A WAYMARK_POOL -m mark --mark 0x60/0xfffffffc -j WAYMARK_TO1",
    ]);
  });

  it("blocks cover every range exactly once", () => {
    for (const [from, to] of [
      [0, 99],
      [0, 0],
      [17, 63],
      [33, 34],
      [1, 98],
    ] as const) {
      const covered: number[] = [];
      for (let v = 0; v < 128; v++) if (rangeBlocks(from, to).some((b) => (v & b.mask) >>> 0 === b.value)) covered.push(v);
      expect(covered).toEqual(Array.from({ length: to - from + 1 }, (_, k) => from + k));
    }
  });
});
