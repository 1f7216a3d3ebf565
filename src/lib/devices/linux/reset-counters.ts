import { NFT_TABLE } from "@/lib/domain/compile/linux/layout";
import type { SshSession } from "./ssh-client";

// Zeroes the counters of Waymark's rules and of nothing else. nftables: `nft reset counters table inet waymark`
// (nft(8) "COUNTER": reset lists, then zeroes, every named counter of that table — Waymark's rules count only in
// named counters). iptables: `iptables -t T -Z CHAIN` for each WAYMARK_* chain (iptables(8) -Z, one chain). The
// admin's own tables and chains are never named. Prints one line per counter or chain zeroed, to count them.
const TABLE = `${NFT_TABLE.family} ${NFT_TABLE.name}`;

export const RESET_SCRIPT = [
  `if nft list table ${TABLE} >/dev/null 2>&1; then`,
  `  nft reset counters table ${TABLE} | grep -c '^\\s*counter ' || true`,
  "else",
  "  n=0",
  "  for t in mangle nat filter; do",
  `    for c in $(iptables -t "$t" -S 2>/dev/null | sed -n 's/^-N \\(WAYMARK_[A-Z0-9_]*\\)$/\\1/p'); do`,
  '      iptables -t "$t" -Z "$c" && n=$((n + 1))',
  "    done",
  "  done",
  '  echo "$n"',
  "fi",
].join("\n");

/** How many counters (nftables) or chains (iptables) of Waymark's were zeroed. */
export async function resetGatewayCounters(session: SshSession): Promise<number> {
  const result = await session.exec(["sh", "-c", RESET_SCRIPT], { timeoutMs: 15_000, maxOutputBytes: 64 * 1024 });
  const count = Number.parseInt(result.stdout.trim().split("\n").pop() ?? "", 10);
  return Number.isFinite(count) ? count : 0;
}
