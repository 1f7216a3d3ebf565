import { NFT_WATCH_TABLE } from "@/lib/domain/compile/linux/layout";
import { ZLinuxInterfaceName } from "@/lib/domain/network";
import { MARK } from "./script-kit";

// Is the LAN still served after a change? The gateway counts new forwarded connections per (input, output)
// interface pair in a small table of its own (never the policy table, which the apply replaces). Inspection
// installs it without ever resetting it and reads it; the push reads it again just before the apply and right
// after it; the gate reads it until it has its answer. Its chain sits in the forward hook after the usual filter
// priority, so it counts only connections that were routed and not dropped by an earlier chain: what the LAN's
// clients experience. A connection "from the LAN" came in on a LAN interface and leaves by another interface.
// Strictly it counts packets of connections still in the new state, so a SYN retried before any answer counts
// again: a busy LAN with no answers looks busier, never quieter.

export const WATCH_TABLE = `${NFT_WATCH_TABLE.family} ${NFT_WATCH_TABLE.name}`;
const SET = "forwarded_new";

// One transaction: the table, set and chain are declared (kept as they are when they exist, counters included)
// and the chain's single rule is replaced, so running it again, or twice at once, never doubles the count.
const WATCH_RULESET = [
  `table ${WATCH_TABLE} {`,
  `\tset ${SET} { typeof iifname . oifname; size 256; flags dynamic; counter; comment "new forwarded connections per interface pair"; }`,
  "\tchain forward { type filter hook forward priority filter + 10; policy accept; }",
  "}",
  `flush chain ${WATCH_TABLE} forward`,
  `add rule ${WATCH_TABLE} forward ct state new add @${SET} { iifname . oifname }`,
].join("\n");

/** Shell: installs the watch where nft is, without touching its counters. */
export const ENSURE_WATCH = `if command -v nft >/dev/null 2>&1; then nft -f - <<'WAYMARK_WATCH' || true\n${WATCH_RULESET}\nWAYMARK_WATCH\nfi`;

/** Shell: `watch_pairs` prints "<in> <out> <connections>" per pair (nft 1.0.6: `"lan0" . "wan1" counter packets 35 bytes 2100`). */
export const WATCH_PAIRS_FN = `watch_pairs() { nft list set ${WATCH_TABLE} ${SET} 2>/dev/null | tr ',{}' '\\n\\n\\n' | awk '$2 == "." && $5 == "packets" { i = $1; o = $3; gsub(/"/, "", i); gsub(/"/, "", o); print i, o, $6 }'; }`;

const LAN_SAMPLE_FN = `lan_sample() { _c=$(lan_count); if [ -n "$_c" ]; then echo "${MARK}lan $1 $_c $(uptime_ms)"; else echo "${MARK}lan $1 none"; fi; }`;

/**
 * Shell: `lan_count` prints the new connections forwarded from the LAN interfaces (all pairs summed), empty when
 * there is no watch; `lan_sample LABEL` prints "@@waymark:lan LABEL <count> <uptime ms>" or "… LABEL none".
 * LAN names are re-checked here: they become part of an awk program.
 */
export function lanCountFns(lanInterfaces: readonly string[]): string {
  const lans = ` ${lanInterfaces.map((name) => ZLinuxInterfaceName.parse(name)).join(" ")} `;
  return [
    WATCH_PAIRS_FN,
    `lan_count() { nft list table ${WATCH_TABLE} >/dev/null 2>&1 || return 0; watch_pairs | awk -v lans='${lans}' 'index(lans, " " $1 " ") && !index(lans, " " $2 " ") { s += $3 } END { print s + 0 }'; }`,
    LAN_SAMPLE_FN,
  ].join("\n");
}

/**
 * Shell, for a removal, which has no LAN interfaces of its own to name: `lan_count` counts the new connections
 * that came in on any interface but the WANs (the shell variable WANS, space separated, read when it runs) and
 * left by another; `lan_sample` as above.
 */
export const NOT_FROM_WANS_COUNT_FNS = [
  WATCH_PAIRS_FN,
  `lan_count() { nft list table ${WATCH_TABLE} >/dev/null 2>&1 || return 0; watch_pairs | awk -v wans=" \${WANS:-} " '!index(wans, " " $1 " ") && $1 != $2 { s += $3 } END { print s + 0 }'; }`,
  LAN_SAMPLE_FN,
].join("\n");

export type WatchPair = { in: string; out: string; connections: number };
export type LanSample = { count: number; atMs: number } | null;

/** "<in> <out> <n>" lines (watch_pairs) summed for a LAN: connections in on a LAN interface and out by another. */
export function lanCountOf(pairs: readonly WatchPair[], lanInterfaces: readonly string[]): number {
  return pairs.filter((p) => lanInterfaces.includes(p.in) && !lanInterfaces.includes(p.out)).reduce((sum, p) => sum + p.connections, 0);
}

/** The same sum as NOT_FROM_WANS_COUNT_FNS: connections in on an interface that is not a WAN, out by another. */
export function notFromCountOf(pairs: readonly WatchPair[], wans: readonly string[]): number {
  return pairs.filter((p) => !wans.includes(p.in) && p.in !== p.out).reduce((sum, p) => sum + p.connections, 0);
}

export function parseWatchPairs(text: string): WatchPair[] {
  return text.split("\n").flatMap((line) => {
    const [input, output, count] = line.trim().split(/\s+/);
    return input && output && count && /^\d+$/.test(count) ? [{ in: input, out: output, connections: Number(count) }] : [];
  });
}

/** From "@@waymark:lan LABEL <count> <ms>" words (after the kind). */
export function lanSampleOf(words: string[]): LanSample {
  const [, count, at] = words;
  if (count === undefined || at === undefined || !/^\d+$/.test(count) || !/^\d+$/.test(at)) return null;
  return { count: Number(count), atMs: Number(at) };
}

// How long to wait for a forwarded LAN connection after the change before calling the LAN cut off. With k new
// connections seen in the T ms before the change, waiting 20·T/k expects about 20 at the rate seen; judging only
// when k ≥ 5, a constant-rate (Poisson) LAN that the change did not harm shows none in that wait with probability
// below 1e-4 whatever its true rate (sup over the rate μ of Σ_{k≥5} P(k; μ)·e^(−20μ/k) ≈ 8.3e-5).
export const LAN_MIN_BEFORE = 5;
const LAN_EXPECTED_AFTER = 20;

export type LanSamples = {
  /** At inspection and just before the apply; null when the gateway could not count (no nft). */
  start: LanSample;
  before: LanSample;
  /** Just after the apply. */
  after: LanSample;
};

export type LanVerdict =
  | { judged: false; note: string }
  | { judged: true; note: string }
  | { judged: "failed"; reason: string }
  | { judged: "waiting"; untilMs: number };

/** Until when (gateway uptime ms) the gate must look for a forwarded LAN connection; null when it need not. */
export function lanWaitUntil({ start, before, after }: LanSamples): number | null {
  if (!start || !before || !after) return null;
  const seen = before.count - start.count;
  if (seen < LAN_MIN_BEFORE) return null;
  return after.atMs + Math.ceil((LAN_EXPECTED_AFTER * Math.max(1, before.atMs - start.atMs)) / seen);
}

export function lanVerdict(samples: LanSamples, now: LanSample): LanVerdict {
  const { start, before, after } = samples;
  if (!start || !before || !after) return { judged: false, note: "LAN forwarding not measured (no nft on the gateway to count it)" };
  const seen = before.count - start.count;
  const window = before.atMs - start.atMs;
  if (seen < LAN_MIN_BEFORE) {
    return {
      judged: false,
      note: `LAN forwarding not judged: ${seen} new LAN connection(s) in the ${window} ms before the change, too few to expect any in the gate's time`,
    };
  }
  if (!now) return { judged: false, note: "LAN forwarding not judged: the gateway's counter could not be read after the change" };
  const forwarded = now.count - after.count;
  if (forwarded > 0) return { judged: true, note: `${forwarded} new LAN connection(s) forwarded since the change (${seen} in the ${window} ms before it)` };
  const until = lanWaitUntil(samples)!;
  if (now.atMs < until) return { judged: "waiting", untilMs: until };
  return {
    judged: "failed",
    reason: `LAN traffic is no longer forwarded: ${seen} new LAN connections went out in the ${window} ms before the change, none in the ${now.atMs - after.atMs} ms after it`,
  };
}
