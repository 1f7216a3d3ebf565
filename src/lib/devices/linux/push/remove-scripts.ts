import { GATEWAY_PATHS, NFT_WATCH_TABLE } from "@/lib/domain/compile/linux/layout";
import { ZLinuxInterfaceName } from "@/lib/domain/network";
import { shellJoin } from "../shell";
import { NOT_FROM_WANS_COUNT_FNS } from "./lan-watch";
import { monitorRestartScript, monitorStopScript } from "./monitor-control";
import { fn, hereDoc, PREPARE_EXIT, stageFns } from "./prepare-script";
import { IPT_BASE_CHAINS } from "./original-state";
import { APPLIED_DIR, armScript, BOOT_UNIT, PREF_HIGH, PREF_LOW, pushDir, snapshotScript, stopSwitch, TABLE, TABLE_HIGH, TABLE_LOW } from "./remote-scripts";
import { MARK, NAP, ROOT_CHECK, UPTIME_MS_FN } from "./script-kit";

// "Remove Waymark's policy" on a gateway, in the push's shape: one round trip takes the lock, writes the removal's
// files, snapshots what Waymark owns (rollback.sh, the same as a push's, plus the sysctls), arms the switch and
// applies; the gate runs over a new connection; the confirm finishes the job. The apply takes away what acts on
// traffic (the table or chains, rule priorities, link tables, the monitor, the sysctls Waymark set); the confirm
// takes away what only records or re-creates it (files, units, boot persistence, applied hash, the LAN watch and
// /run/waymark). So until the confirm, a reboot or the switch gives back the full policy, and after it nothing of
// Waymark's is left. Every name touched is one of layout.ts's; nothing else on the gateway is.

const RECORD = GATEWAY_PATHS.originalSysctls;
const OWNED_DIRS = [GATEWAY_PATHS.configDir, "/usr/local/lib/waymark", GATEWAY_PATHS.runDir] as const;
const UNITS = [BOOT_UNIT, GATEWAY_PATHS.systemdUnit].map((u) => `/etc/systemd/system/${u}`).join(" ");
const WATCH = `${NFT_WATCH_TABLE.family} ${NFT_WATCH_TABLE.name}`;
const SYSTEMD = "[ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1";

/** The WAN interfaces of the policy in place (monitor.conf): a connection from any other interface is the LAN's. */
const READ_WANS = `WANS=$(sed -n "s/^LINK_[0-9]*_INTERFACE='\\([A-Za-z0-9._-]*\\)'$/\\1/p" ${GATEWAY_PATHS.monitorConfig} 2>/dev/null | tr '\\n' ' ')`;

/** Shell: `each_sysctl CMD` runs CMD PATH VALUE for every well-formed line of the record (nothing else is written). */
const EACH_SYSCTL = [
  "each_sysctl() {",
  `  [ -f ${RECORD} ] || return 0`,
  "  while read -r p v; do",
  '    case "$p" in /proc/sys/net/ipv4/*) ;; *) continue ;; esac',
  '    case "$p" in *..*) continue ;; esac',
  '    case "$v" in ""|*[!0-9]*) continue ;; esac',
  '    [ -e "$p" ] || continue',
  '    "$1" "$p" "$v"',
  `  done < ${RECORD}`,
  "}",
].join("\n");

/**
 * Shell: `waymark_present` prints the kinds of Waymark objects on the gateway, nothing when there are none (the
 * LAN watch and /run/waymark are leftovers an inspection makes, not a policy).
 */
export const PRESENT_FN = fn("waymark_present", [
  "p=''",
  `nft list table ${TABLE} >/dev/null 2>&1 && p="$p nft-table"`,
  `if command -v iptables-save >/dev/null 2>&1; then for t in mangle nat; do if iptables-save -t "$t" 2>/dev/null | grep -q '^:WAYMARK_'; then p="$p iptables-chains"; break; fi; done; fi`,
  `if ip -4 rule show | awk -F: '$1 >= ${PREF_LOW} && $1 <= ${PREF_HIGH} { f = 1 } END { exit !f }'; then p="$p rules"; fi`,
  `t=${TABLE_LOW}; while [ "$t" -le ${TABLE_HIGH} ]; do if [ -n "$(ip -4 route show table "$t" 2>/dev/null)" ]; then p="$p routes"; break; fi; t=$((t+1)); done`,
  `for d in ${OWNED_DIRS.slice(0, 2).join(" ")}; do if [ -n "$(ls -A "$d" 2>/dev/null)" ]; then p="$p files"; break; fi; done`,
  `for u in ${UNITS}; do if [ -e "$u" ]; then p="$p units"; break; fi; done`,
  `if [ -f ${GATEWAY_PATHS.runDir}/monitor-supervisor.pid ]; then p="$p monitor"; fi`,
  "echo $p",
]);

/** Shell: `empty_dir D` removes everything in D, then D itself (a mount point stays, empty). */
const EMPTY_DIR_FN = 'empty_dir() { rm -rf "$1"/* "$1"/.[!.]* "$1"/..?* 2>/dev/null || true; rmdir "$1" 2>/dev/null || true; }';

/** What a removal with nothing to remove still tidies: the LAN watch its own inspection installed, /run/waymark. */
const LEFTOVERS = [`nft delete table ${WATCH} 2>/dev/null || true`, `empty_dir ${GATEWAY_PATHS.runDir}`];

/**
 * iptables-nft: the empty base chains (then tables) Waymark's hooks made it create, known from the record taken
 * before the first iptables push (remote-scripts.ts rememberIptables). A chain holding anyone's rule stays.
 */
const IPTABLES_NFT_LEFTOVERS = [
  `if [ -f ${GATEWAY_PATHS.originalIptables} ] && command -v nft >/dev/null 2>&1; then`,
  ...Object.entries(IPT_BASE_CHAINS).flatMap(([table, chains]) => [
    ...chains.map(
      (chain) =>
        `  if ! grep -qx "${table} ${chain}" ${GATEWAY_PATHS.originalIptables} && nft list chain ip ${table} ${chain} >/dev/null 2>&1 && ! nft -j list chain ip ${table} ${chain} | grep -q '"rule"'; then nft delete chain ip ${table} ${chain}; fi`,
    ),
    `  if ! grep -qx "${table}" ${GATEWAY_PATHS.originalIptables} && nft list table ip ${table} >/dev/null 2>&1 && ! nft -j list table ip ${table} | grep -q '"chain"'; then nft delete table ip ${table}; fi`,
  ]),
  "fi",
];

/** The removal's apply: everything of Waymark's that acts on traffic, in an order that never half-balances. */
export function removalApplyScript(dir: string): string {
  return [
    "set -eu",
    // The monitor first, so it never rewrites a pool that is going away.
    `sh ${dir}/monitor-stop.sh`,
    `if command -v nft >/dev/null 2>&1; then nft delete table ${TABLE} 2>/dev/null || true; fi`,
    "if command -v iptables-save >/dev/null 2>&1; then",
    "  for t in mangle nat; do",
    '    iptables-save -t "$t" 2>/dev/null | grep -E "^-A [A-Z]+ .*-j WAYMARK_" | sed "s/^-A /-D /" | while read -r rule; do iptables -w -t "$t" $rule; done',
    '    chains=$(iptables-save -t "$t" 2>/dev/null | sed -n "s/^:\\(WAYMARK_[A-Za-z0-9_]*\\).*/\\1/p")',
    '    for c in $chains; do iptables -w -t "$t" -F "$c"; done',
    '    for c in $chains; do iptables -w -t "$t" -X "$c"; done',
    "  done",
    "fi",
    ...IPTABLES_NFT_LEFTOVERS,
    `for p in $(ip -4 rule show | awk -F: '$1 >= ${PREF_LOW} && $1 <= ${PREF_HIGH} { print $1 }' | sort -u); do while ip rule del pref "$p" 2>/dev/null; do :; done; done`,
    `t=${TABLE_LOW}; while [ "$t" -le ${TABLE_HIGH} ]; do ip route flush table "$t" 2>/dev/null || true; t=$((t+1)); done`,
    EACH_SYSCTL,
    `restore() { echo "$2" > "$1" && echo "${MARK}sysctl $1 $2"; }`,
    "each_sysctl restore",
    "",
  ].join("\n");
}

/**
 * Lines for snapshotScript: they print, into rollback.sh, the commands that set the recorded sysctls back to the
 * values Waymark's policy runs with now.
 */
const SYSCTL_SNAPSHOT = [
  EACH_SYSCTL.replaceAll("\n", "\n  "),
  `now() { n=$(cat "$1") || return 0; case "$n" in ""|*[!0-9]*) return 0 ;; esac; echo "echo $n > $1"; }`,
  "each_sysctl now",
];

export type RemovalInput = { pushId: string; confirmWindowSec: number };

/**
 * The removal's one round trip (run by PREPARE_COMMAND, reported like a push's: @@waymark:step lines, the LAN
 * samples around the apply, and `found`/`wans` markers). With nothing of Waymark's on the gateway it tidies the
 * leftovers, prints `@@waymark:nothing` and ends before arming.
 */
export function removalScript({ pushId, confirmWindowSec }: RemovalInput): string {
  const dir = pushDir(pushId);
  const files: [string, string][] = [
    [`${dir}/apply.sh`, removalApplyScript(dir)],
    [`${dir}/monitor-restart.sh`, monitorRestartScript()],
    [`${dir}/monitor-stop.sh`, monitorStopScript()],
  ];
  return [
    "set -u",
    UPTIME_MS_FN,
    READ_WANS,
    NOT_FROM_WANS_COUNT_FNS,
    EMPTY_DIR_FN,
    PRESENT_FN,
    ...stageFns(pushId),
    fn("write_files", [`mkdir -p ${shellJoin([dir])}`, ...files.flatMap(([path, content]) => hereDoc(path, content))]),
    fn("snapshot", [snapshotScript(dir, pushId, SYSCTL_SNAPSHOT)]),
    fn("arm", [armScript(dir, pushId, confirmWindowSec)]),
    fn("apply", [`sh ${shellJoin([`${dir}/apply.sh`])}`]),
    "mark step upload running",
    "( set -e; take_lock ); _rc=$?",
    `if [ "$_rc" -ne 0 ]; then mark step upload failed; exit "$_rc"; fi`,
    "found=$(waymark_present)",
    `if [ -z "$found" ]; then ${LEFTOVERS.join("; ")}; mark nothing; exit 0; fi`,
    "mark found $found",
    "mark wans $WANS",
    `stage upload write_files ${PREPARE_EXIT.upload}`,
    `stage snapshot snapshot ${PREPARE_EXIT.snapshot}`,
    `stage arm arm ${PREPARE_EXIT.arm}`,
    "lan_sample before",
    `stage apply apply ${PREPARE_EXIT.apply}`,
    "lan_sample after",
    "",
  ].join("\n");
}

/**
 * The removal's confirm: disarm (racing the switch for one `rm`, as a push's confirm does; exit 3 when the switch
 * won), then take away what records or re-creates the policy. Nothing after the disarm can fail the confirm.
 */
export function removalConfirmScript(pushId: string): string {
  const dir = pushDir(pushId);
  return [
    `if ! rm ${dir}/armed 2>/dev/null; then echo "the rollback switch fired before the confirmation" >&2; exit 3; fi`,
    ...stopSwitch(dir, pushId),
    `if ${SYSTEMD}; then systemctl disable --quiet ${BOOT_UNIT} 2>/dev/null; systemctl disable --now --quiet ${GATEWAY_PATHS.systemdUnit} 2>/dev/null; fi`,
    `rm -f ${UNITS}`,
    `if ${SYSTEMD}; then systemctl daemon-reload 2>/dev/null; fi`,
    EMPTY_DIR_FN,
    `rm -rf ${APPLIED_DIR} ${APPLIED_DIR}.new`,
    ...OWNED_DIRS.map((d) => `empty_dir ${d}`),
    `nft delete table ${WATCH} 2>/dev/null`,
    "exit 0",
  ].join("\n");
}

/**
 * The removal's health gate, on the gateway: waits until a LAN connection was forwarded after the apply (when the
 * LAN was busy before it: lan_until > 0) or the time is up, then prints the LAN sample. Arguments: the count
 * after the apply, lan_until (uptime ms, 0 = do not wait) and the longest wait in ms.
 */
export function removalGateScript(wans: readonly string[]): string {
  const names = wans.map((w) => ZLinuxInterfaceName.parse(w)).join(" ");
  return [
    ROOT_CHECK,
    UPTIME_MS_FN,
    `WANS=${shellJoin([names || "-"])}`,
    NOT_FROM_WANS_COUNT_FNS,
    "base=$1; until=$2; end=$(( $(uptime_ms) + $3 ))",
    "while :; do",
    "  now=$(uptime_ms)",
    '  if [ "$until" -le 0 ] || [ "$now" -ge "$until" ] || [ "$now" -ge "$end" ]; then break; fi',
    '  c=$(lan_count); if [ -z "$c" ] || [ "$c" -gt "$base" ]; then break; fi',
    `  ${NAP}`,
    "done",
    "lan_sample now",
  ].join("\n");
}
