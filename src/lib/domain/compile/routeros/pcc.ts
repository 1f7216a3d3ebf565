// Weights → PCC remainders. Weights are reduced by their gcd; when the sum still exceeds the cap, the shares are
// scaled down (largest remainder, at least one remainder per link) and the plan says so.

export const MAX_PCC_DENOMINATOR = 20;

export type PccShare = { denominator: number; remainders: number[][]; approximated: boolean };

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export function pccShares(weights: readonly number[], cap = MAX_PCC_DENOMINATOR): PccShare {
  if (weights.length === 0) return { denominator: 1, remainders: [], approximated: false };
  if (weights.length > cap) throw new Error(`more than ${cap} links cannot share a PCC denominator of ${cap}`);
  const divisor = weights.reduce(gcd);
  let counts = weights.map((w) => w / divisor);
  let total = counts.reduce((a, b) => a + b, 0);
  const approximated = total > cap;
  if (approximated) {
    const sum = weights.reduce((a, b) => a + b, 0);
    // Each link keeps at least one remainder; the rest are shared out by largest remainder, ties to the earlier link.
    const spare = cap - weights.length;
    const exact = weights.map((w) => (w / sum) * cap - 1);
    const floors = exact.map((e) => Math.max(0, Math.floor(e)));
    let left = spare - floors.reduce((a, b) => a + b, 0);
    const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
    for (const { i } of order) {
      if (left <= 0) break;
      floors[i]! += 1;
      left -= 1;
    }
    counts = floors.map((f) => f + 1);
    const reduced = counts.reduce(gcd);
    counts = counts.map((c) => c / reduced);
    total = counts.reduce((a, b) => a + b, 0);
  }
  let next = 0;
  const remainders = counts.map((c) => Array.from({ length: c }, () => next++));
  return { denominator: total, remainders, approximated };
}
