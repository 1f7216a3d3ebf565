import { describe, expect, it } from "vitest";
import { bucketPreferences, serving, type PrefBackend } from "./bucket-prefs";
import { bucketCounts } from "./pool";

const backends = (weights: number[]): PrefBackend[] => weights.map((weight, index) => ({ index, name: `b${index + 1}`, weight }));

/** How many buckets each backend serves while `up` pass their checks. */
function spread(prefs: number[][], up: number[], n: number): number[] {
  const counts = Array.from({ length: n }, () => 0);
  for (const list of prefs) {
    const b = serving(list, new Set(up));
    if (b !== null) counts[b]! += 1;
  }
  return counts;
}

describe("[domain] Linux pool bucket preferences", () => {
  it("gives every backend its exact largest-remainder share while all are up", () => {
    for (const weights of [[1, 2, 1], [3, 1], [1, 1, 1], [5, 3, 2, 7, 1], Array.from({ length: 16 }, (_, i) => i + 1)]) {
      const prefs = bucketPreferences(backends(weights), 100);
      expect(prefs).toHaveLength(100);
      for (const list of prefs) expect([...list].sort((a, b) => a - b)).toEqual(weights.map((_, i) => i));
      expect(
        spread(
          prefs,
          weights.map((_, i) => i),
          weights.length,
        ),
      ).toEqual(bucketCounts(weights));
    }
  });

  it("never moves a survivor's bucket, whichever backends die", () => {
    const weights = [1, 2, 1, 3];
    const prefs = bucketPreferences(backends(weights), 100);
    const all = [0, 1, 2, 3];
    for (let dead = 1; dead < 15; dead++) {
      const up = all.filter((i) => !(dead & (1 << i)));
      prefs.forEach((list) => {
        const before = serving(list, new Set(all))!;
        if (up.includes(before)) expect(serving(list, new Set(up))).toBe(before);
        else expect(up).toContain(serving(list, new Set(up)));
      });
    }
  });

  it("spreads a dead backend's buckets over the survivors roughly by weight", () => {
    // 16 equal backends, one dies: its 6–7 buckets land on several survivors, not all on one.
    const prefs = bucketPreferences(backends(Array.from({ length: 16 }, () => 1)), 100);
    const up = Array.from({ length: 15 }, (_, i) => i + 1);
    const moved = prefs.filter((l) => l[0] === 0).map((l) => serving(l, new Set(up)));
    expect(new Set(moved).size).toBeGreaterThanOrEqual(3);
    // Weights 1:2:1, b3 dies: b2 (weight 2) takes more of its buckets than b1 on a large bucket count.
    const many = bucketPreferences(backends([1, 2, 1]), 100);
    const taken = spread(many, [0, 1], 3);
    expect(taken[0]! + taken[1]!).toBe(100);
    expect(taken[1]!).toBeGreaterThan(taken[0]!);
  });

  it("is deterministic", () => {
    expect(bucketPreferences(backends([1, 2, 1]), 100)).toEqual(bucketPreferences(backends([1, 2, 1]), 100));
    expect(bucketPreferences([], 100)).toEqual([]);
  });
});
