import { describe, expect, it } from "vitest";
import { pccShares } from "./pcc";

describe("[domain] RouterOS PCC shares", () => {
  it("reduces weights by their gcd and hands out consecutive remainders", () => {
    expect(pccShares([3, 1])).toEqual({ denominator: 4, remainders: [[0, 1, 2], [3]], approximated: false });
    expect(pccShares([6, 2])).toEqual({ denominator: 4, remainders: [[0, 1, 2], [3]], approximated: false });
    expect(pccShares([5, 5, 5])).toEqual({ denominator: 3, remainders: [[0], [1], [2]], approximated: false });
    expect(pccShares([7])).toEqual({ denominator: 1, remainders: [[0]], approximated: false });
  });

  it("approximates above the cap, keeping every link at least one remainder", () => {
    const share = pccShares([100, 1]);
    expect(share.approximated).toBe(true);
    expect(share.denominator).toBe(20);
    expect(share.remainders.map((r) => r.length)).toEqual([19, 1]);
    const three = pccShares([97, 89, 3]);
    expect(three.denominator).toBeLessThanOrEqual(20);
    expect(three.remainders.every((r) => r.length >= 1)).toBe(true);
    expect(three.remainders.flat()).toEqual([...Array(three.denominator).keys()]);
  });
});
