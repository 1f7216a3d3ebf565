import { describe, expect, it } from "vitest";
import { bucketsOf, fmix32, fnv1a32, ownerOf, owners, weightOf } from "./rendezvous";

describe("rendezvous hashing", () => {
  it("is FNV-1a 32 (the published test vectors)", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("weighs '<site>/<bucket>/<node>' (vectors the on-node daemon must match)", () => {
    expect(weightOf("web", 0, 1)).toBe(fmix32(fnv1a32("web/0/1")));
    // Computed independently (Python) from the definitions: FNV-1a 32, then MurmurHash3's fmix32.
    expect([weightOf("web", 0, 1), weightOf("web", 0, 2), weightOf("web", 63, 3)]).toEqual([4004853188, 1843610202, 1686910491]);
    expect([fmix32(0), fmix32(1)]).toEqual([0, 1364076727]);
    expect(owners("web", 8, [1, 2, 3])).toEqual([1, 1, 3, 2, 3, 2, 1, 3]);
  });

  it("gives every bucket to exactly one alive node, and none when no node is alive", () => {
    const all = owners("web", 64, [1, 2, 3]);
    expect(all.every((o) => o === 1 || o === 2 || o === 3)).toBe(true);
    expect(ownerOf("web", 5, [])).toBeNull();
  });

  it("moves only a dead node's buckets, and gives them back when it returns", () => {
    for (const site of ["web", "api-2", "x"]) {
      const nodes = [1, 2, 3, 4, 5];
      const before = owners(site, 256, nodes);
      for (const dead of nodes) {
        const after = owners(
          site,
          256,
          nodes.filter((n) => n !== dead),
        );
        before.forEach((owner, bucket) => {
          if (owner !== dead) expect(after[bucket]).toBe(owner);
          else expect(after[bucket]).not.toBe(dead);
        });
      }
      expect(owners(site, 256, [...nodes])).toEqual(before);
    }
  });

  it("spreads buckets roughly evenly", () => {
    const counts = [1, 2, 3].map((n) => bucketsOf("web", 240, [1, 2, 3], n).length);
    for (const c of counts) expect(c).toBeGreaterThan(50);
    expect(counts.reduce((a, b) => a + b)).toBe(240);
  });
});
