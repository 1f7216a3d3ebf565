import type { BalanceMethod } from "../../intent";
import { hex, IPT_CHAINS, MARK_MASK } from "./layout";
import { poolFor, type PoolMember, type PoolRange } from "./pool";

// The iptables flavour's pool: WAYMARK_POOL, rewritten by the monitor (iptables-restore --noflush; declaring a
// chain flushes it) together with the WAYMARK_UP<i> gates. The same buckets as the nft map, expressed two ways:
//   per-connection: an mwan3-style cascade of `-m statistic --mode random --probability p`, p = this link's
//     buckets / buckets not yet handed out, the last live link unconditional;
//   sticky: WAYMARK_HASH has written HMARK's bucket (0–99) into the mark, and each link's range is split into
//     aligned power-of-two blocks matched as `--mark value/mask`.

export const UNMARKED = `-m mark --mark 0x0/${hex(MARK_MASK)}`;

export function iptablesPoolRules(pool: readonly PoolRange[], method: BalanceMethod): string[] {
  const to = (r: PoolRange) => `-j ${IPT_CHAINS.toPrefix}${r.index}`;
  if (method !== "per-connection") {
    return pool.flatMap((r) => rangeBlocks(r.from, r.to).map((b) => `-A ${IPT_CHAINS.pool} -m mark --mark ${hex(b.value)}/${hex(b.mask)} ${to(r)}`));
  }
  let remaining = pool.reduce((sum, r) => sum + r.to - r.from + 1, 0);
  return pool.map((r, k) => {
    const size = r.to - r.from + 1;
    const probability = k === pool.length - 1 ? "" : ` -m statistic --mode random --probability ${(size / remaining).toFixed(11)}`;
    remaining -= size;
    return `-A ${IPT_CHAINS.pool} ${UNMARKED}${probability} ${to(r)}`;
  });
}

/** Aligned blocks covering from..to; each is matched by (mark & mask) == value, all 32 bits compared. */
export function rangeBlocks(from: number, to: number): { value: number; mask: number }[] {
  const blocks: { value: number; mask: number }[] = [];
  let start = from;
  while (start <= to) {
    let size = 1;
    while (start % (size * 2) === 0 && start + size * 2 - 1 <= to) size *= 2;
    blocks.push({ value: start, mask: (0xffffffff - (size - 1)) >>> 0 });
    start += size;
  }
  return blocks;
}

/** The chains the monitor rewrites for a set of live links: their declarations (which flush them) and rules. */
export function iptablesStateChains(
  members: readonly PoolMember[],
  live: readonly number[],
  method: BalanceMethod,
): { declarations: string[]; rules: string[] } {
  return {
    declarations: [`:${IPT_CHAINS.pool} - [0:0]`, ...members.map((m) => `:${IPT_CHAINS.upPrefix}${m.index} - [0:0]`)],
    rules: [
      ...iptablesPoolRules(poolFor(members, live), method),
      ...members.filter((m) => live.includes(m.index)).map((m) => `-A ${IPT_CHAINS.upPrefix}${m.index} -j ${IPT_CHAINS.toPrefix}${m.index}`),
    ],
  };
}

/** What the monitor feeds to `iptables-restore --noflush` when links change state. */
export function renderIptablesStateUpdate(members: readonly PoolMember[], live: readonly number[], method: BalanceMethod): string {
  const { declarations, rules } = iptablesStateChains(members, live, method);
  return ["*mangle", ...declarations, ...rules, "COMMIT", ""].join("\n");
}
