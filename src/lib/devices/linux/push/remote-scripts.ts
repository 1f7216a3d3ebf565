import type { LinuxPlan } from "@/lib/domain/compile/linux";
import { CANDIDATE_PATHS, GATEWAY_PATHS, NFT_TABLE, RULE_PREF } from "@/lib/domain/compile/linux/layout";
import { shellJoin } from "../shell";
import { rememberIptables, rememberSysctls } from "./original-state";

// The shell the pusher runs on a gateway. Everything plan-specific is rendered from the plan's argv arrays with
// strict single-quote escaping (shell.ts); everything else is fixed text. Nothing the user typed is spliced in raw.

export const TABLE = `${NFT_TABLE.family} ${NFT_TABLE.name}`;
export const PREF_LOW = RULE_PREF.mainWithoutDefault;
export const PREF_HIGH = RULE_PREF.noLink;
export const TABLE_LOW = 20001;
export const TABLE_HIGH = 20016;
export const PUSH_LOCK = `${GATEWAY_PATHS.runDir}/push.lock`;

// Waymark's table without what changes at run time: counter values (`-s`, stateless) and the elements of the
// pool map and live-link set, which the on-gateway monitor rewrites as links come and go. Two listings hash the
// same exactly when the pushed policy is the same, so the hash serves idempotency and drift alike.
const RUNTIME_ELEMENTS_AWK = [
  `/^[ \t]*(set links_up|map wan_pool|map pool_[a-z0-9_]+) {/ { runtime = 1 }`,
  `runtime && /elements = {/ { skipping = 1 }`,
  "skipping { if ($0 ~ /}/) skipping = 0; next }",
  "runtime && /^[ \t]*}[ \t]*$/ { runtime = 0 }",
  "{ print }",
].join("\n");
export const TABLE_HASH = `nft -s list table ${TABLE} 2>/dev/null | awk '${RUNTIME_ELEMENTS_AWK}' | sha256sum | cut -c1-64`;

export function pushDir(pushId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(pushId)) throw new Error("push id outside its grammar");
  return `${GATEWAY_PATHS.runDir}/push-${pushId}`;
}

/**
 * Writes DIR/rollback.sh: the commands that put back Waymark's table, rule priorities, link tables and monitor
 * configuration exactly as they are now, then end the push (pushEndScript). Runs before anything changes;
 * rollback.sh is checked with `sh -n`.
 */
export function snapshotScript(dir: string, pushId: string, more: readonly string[] = []): string {
  return [
    "set -eu",
    `D=${shellJoin([dir])}`,
    `if nft list table ${TABLE} >/dev/null 2>&1; then`,
    `  { echo 'table ${TABLE}'; echo 'delete table ${TABLE}'; nft list table ${TABLE}; } > "$D/rollback.nft"`,
    `  RESTORE_TABLE="nft -f $D/rollback.nft"`,
    "else",
    `  RESTORE_TABLE="nft delete table ${TABLE} 2>/dev/null || true"`,
    "fi",
    `cp ${GATEWAY_PATHS.monitorConfig} "$D/monitor.conf.before" 2>/dev/null || true`,
    ...IPTABLES_SNAPSHOT,
    "{",
    "  echo '#!/bin/sh'",
    "  echo '# Written by Waymark before a push: restores what Waymark owned beforehand.'",
    '  echo "$RESTORE_TABLE"',
    `  p=${PREF_LOW}; while [ "$p" -le ${PREF_HIGH} ]; do echo "while ip rule del pref $p 2>/dev/null; do :; done"; p=$((p+1)); done`,
    `  ip -4 rule show | while IFS= read -r line; do pref=\${line%%:*}; rest=\${line#*:}; rest=$(echo "$rest" | sed 's/^[[:space:]]*//'); if [ "$pref" -ge ${PREF_LOW} ] 2>/dev/null && [ "$pref" -le ${PREF_HIGH} ]; then echo "ip rule add pref $pref $rest"; fi; done`,
    `  t=${TABLE_LOW}; while [ "$t" -le ${TABLE_HIGH} ]; do echo "ip route flush table $t 2>/dev/null || true"; ip -4 route show table "$t" 2>/dev/null | while IFS= read -r r; do echo "ip route replace $r table $t"; done; t=$((t+1)); done`,
    '  if [ -n "$HAS_IPT" ]; then echo "sh $D/rollback-iptables.sh"; fi',
    // What a removal also takes back (the sysctls it restores), printed as commands by the caller's lines.
    ...more.map((l) => `  ${l}`),
    '  if [ -f "$D/monitor.conf.before" ]; then',
    `    echo "cp $D/monitor.conf.before ${GATEWAY_PATHS.monitorConfig}"`,
    `    echo "sh $D/monitor-restart.sh"`,
    "  else",
    `    echo "rm -f ${GATEWAY_PATHS.monitorConfig}"`,
    `    echo "sh $D/monitor-stop.sh"`,
    "  fi",
    '} > "$D/rollback.sh"',
    `cat >> "$D/rollback.sh" <<'WAYMARK_EOF'`,
    ...pushEndScript(dir, pushId, "rolled-back"),
    "WAYMARK_EOF",
    'sh -n "$D/rollback.sh"',
  ].join("\n");
}

// The iptables flavour's objects: chains named WAYMARK_* in the mangle and nat tables and the one jump into
// each from a built-in chain. The rollback removes whatever WAYMARK_* objects exist then and restores the saved
// ones with --noflush, so rules of other tools in the same tables are never touched.
const IPT_OWNED = "^(\\*|:WAYMARK_|-A WAYMARK_|-A [A-Z]+ .*-j WAYMARK_|COMMIT)";
const IPTABLES_SNAPSHOT = [
  'HAS_IPT=""',
  "if command -v iptables-save >/dev/null 2>&1 && command -v iptables-restore >/dev/null 2>&1; then",
  "  HAS_IPT=yes",
  `  for t in mangle nat; do iptables-save -t "$t" 2>/dev/null | grep -E '${IPT_OWNED}' > "$D/rollback.$t.ipt" || true; done`,
  "  {",
  "    echo 'for t in mangle nat; do'",
  `    echo '  iptables-save -t "$t" | grep -E "^-A [A-Z]+ .*-j WAYMARK_" | sed "s/^-A /-D /" | while read -r rule; do iptables -w -t "$t" $rule; done'`,
  `    echo '  chains=$(iptables-save -t "$t" | sed -n "s/^:\\(WAYMARK_[A-Za-z0-9_]*\\).*/\\1/p")'`,
  `    echo '  for c in $chains; do iptables -w -t "$t" -F "$c"; done'`,
  `    echo '  for c in $chains; do iptables -w -t "$t" -X "$c"; done'`,
  `    echo '  if grep -q "^:WAYMARK_" "'"$D"'/rollback.$t.ipt"; then iptables-restore -w --noflush < "'"$D"'/rollback.$t.ipt"; fi'`,
  "    echo 'done'",
  '  } > "$D/rollback-iptables.sh"',
  "fi",
];

/** The change itself, from the plan: sysctls, link routes, rule priorities, the ruleset, the monitor. */
export function applyScript(plan: LinuxPlan, dir: string): string {
  // WAYMARK_PUSH_DIR lets the boot copy of this script (persistScript) run from /etc/waymark/applied.
  const lines = ["set -eu", `D="\${WAYMARK_PUSH_DIR:-${dir}}"`, ...rememberSysctls(plan), ...rememberIptables(plan)];
  for (const s of plan.sysctls) lines.push(shellJoin(s.argv));
  for (const r of plan.routes) lines.push(shellJoin(r.argv));
  for (const c of plan.cleanup) lines.push(c.untilFails ? `while ${shellJoin(c.argv)} 2>/dev/null; do :; done` : `${shellJoin(c.argv)} 2>/dev/null || true`);
  for (const r of plan.rules) lines.push(shellJoin(r.argv));
  lines.push(shellJoin(plan.apply.load));
  lines.push(...cutDisabledBackends(plan));
  for (const h of plan.hooks) lines.push(`${shellJoin(h.check)} 2>/dev/null || ${shellJoin(h.insert)}`);
  lines.push(`mkdir -p ${GATEWAY_PATHS.configDir} ${dirnameOf(GATEWAY_PATHS.monitorScript)}`);
  lines.push(`cp "$D/monitor.sh" ${GATEWAY_PATHS.monitorScript} && chmod 755 ${GATEWAY_PATHS.monitorScript}`);
  // Beside the monitor, which starts it when monitor.conf has pools (absent from pushes before pools: optional).
  lines.push(`if [ -f "$D/pool-checks.sh" ]; then cp "$D/pool-checks.sh" ${GATEWAY_PATHS.poolChecksScript}; fi`);
  lines.push(`cp "$D/monitor.conf" ${GATEWAY_PATHS.monitorConfig}`);
  lines.push('sh "$D/monitor-restart.sh"');
  return lines.join("\n");
}

// A disabled backend's connections are cut once the new ruleset gives it none: every flow whose reply comes from
// its address and port (RouterOS removes them the same way). `conntrack -D` exits 1 when nothing matched.
function cutDisabledBackends(plan: LinuxPlan): string[] {
  return (plan.monitor.pools ?? []).flatMap((pool) =>
    pool.backends
      .filter((b) => b.state === "disabled")
      .map(
        (b) => `${shellJoin(["conntrack", "-D", "-p", pool.protocol, "--reply-src", b.address, "--reply-port-src", String(b.port)])} >/dev/null 2>&1 || true`,
      ),
  );
}

function dirnameOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/"));
}

/**
 * The dead-man switch: unless DIR/armed is removed (by a confirm over a new connection) within `seconds`, the
 * gateway runs rollback.sh by itself. systemd-run when systemd manages the host (AccuracySec, because the
 * default of one minute would make a 30 s window up to 90 s), otherwise a detached sleeper in its own session.
 */
/** Shell: a disarmed switch goes: the systemd timer stopped, or the detached sleeper's process group ended. */
export function stopSwitch(dir: string, pushId: string): string[] {
  return [
    `systemctl stop ${GATEWAY_PATHS.rollbackUnit}-${pushId}.timer 2>/dev/null || true`,
    `if [ -f ${dir}/switch.pid ]; then kill -- "-$(cat ${dir}/switch.pid)" 2>/dev/null || true; fi`,
  ];
}

export function armScript(dir: string, pushId: string, seconds: number): string {
  // Whoever takes DIR/armed away first wins: the timer (and rolls back) or the confirm (and keeps the change).
  // The timer renames it to DIR/fired, so until rollback.sh ends (removing DIR) anyone asking sees a rollback
  // under way, never a push that stopped before its switch was armed.
  const fire = `mv ${dir}/armed ${dir}/fired 2>/dev/null && sh ${dir}/rollback.sh`;
  return [
    "set -eu",
    `touch ${dir}/armed`,
    "if [ -d /run/systemd/system ] && command -v systemd-run >/dev/null 2>&1; then",
    `  systemd-run --quiet --unit=${GATEWAY_PATHS.rollbackUnit}-${pushId} --on-active=${seconds}s --timer-property=AccuracySec=100ms /bin/sh -c ${shellJoin([fire])}`,
    "else",
    // Its own session and process group (recorded), so a confirm can end the sleeper instead of leaving it to lapse.
    `  setsid -f /bin/sh -c ${shellJoin([`echo $$ > ${dir}/switch.pid; sleep ${seconds}; ${fire}`])} </dev/null >/dev/null 2>&1`,
    "fi",
  ].join("\n");
}

/** Confirm: disarm the switch and record what is now applied (the plan hash, for idempotent pushes). */
export const APPLIED_DIR = `${GATEWAY_PATHS.configDir}/applied`;
export const BOOT_UNIT = "waymark-boot.service";

/**
 * After a confirm, and only then, the change is made to survive a reboot: the applied files are copied under
 * /etc/waymark/applied with a boot.sh that re-applies them, started at boot by a systemd unit. (Without systemd
 * the copy is still made; the admin's own boot scripts can run boot.sh.)
 */
function persistScript(dir: string, rulesetPath: string): string[] {
  const boot = [
    "#!/bin/sh",
    `mkdir -p ${GATEWAY_PATHS.runDir}`,
    `cp ${APPLIED_DIR}/ruleset ${rulesetPath}`,
    `WAYMARK_PUSH_DIR=${APPLIED_DIR} exec sh ${APPLIED_DIR}/apply.sh`,
  ];
  const unit = [
    "[Unit]",
    "Description=Waymark: re-apply the last confirmed load-balancing policy",
    "Wants=network-online.target",
    "After=network-online.target",
    "",
    "[Service]",
    "Type=oneshot",
    `ExecStart=/bin/sh ${APPLIED_DIR}/boot.sh`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
  ];
  return [
    `rm -rf ${APPLIED_DIR}.new && mkdir -p ${APPLIED_DIR}.new`,
    `cp ${dir}/apply.sh ${dir}/monitor.sh ${dir}/monitor.conf ${dir}/monitor-restart.sh ${APPLIED_DIR}.new/`,
    `cp ${dir}/pool-checks.sh ${APPLIED_DIR}.new/ 2>/dev/null || true`,
    `cp ${rulesetPath} ${APPLIED_DIR}.new/ruleset`,
    `printf '%s\n' ${boot.map((l) => shellJoin([l])).join(" ")} > ${APPLIED_DIR}.new/boot.sh`,
    `rm -rf ${APPLIED_DIR} && mv ${APPLIED_DIR}.new ${APPLIED_DIR}`,
    "if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then",
    `  printf '%s\n' ${unit.map((l) => shellJoin([l])).join(" ")} > /etc/systemd/system/${BOOT_UNIT}`,
    `  systemctl daemon-reload && systemctl enable --quiet ${BOOT_UNIT} || true`,
    "fi",
  ];
}

export function confirmScript(dir: string, pushId: string, planHash: string, rulesetPath: string): string {
  if (!/^[0-9a-f]{64}$/.test(planHash)) throw new Error("plan hash outside its grammar");
  if (!/^\/run\/waymark\/candidate\.(nft|iptables)$/.test(rulesetPath)) throw new Error("ruleset path outside its grammar");
  return [
    "set -eu",
    // The switch may have fired while the gate ran (a slow reconnect): then the change is gone, and must not be
    // recorded as applied. Exit 3 tells the pusher so.
    `if ! rm ${dir}/armed 2>/dev/null; then echo "the rollback switch fired before the confirmation" >&2; exit 3; fi`,
    ...stopSwitch(dir, pushId),
    `mkdir -p ${GATEWAY_PATHS.configDir}`,
    `echo ${planHash} > ${GATEWAY_PATHS.configDir}/applied.sha256`,
    ...persistScript(dir, rulesetPath),
    ...pushEndScript(dir, pushId, "confirmed"),
    TABLE_HASH,
  ].join("\n");
}

/**
 * One push at a time per gateway, whichever dashboard sends it: an atomic mkdir. A lock older than 15 minutes
 * belongs to a pusher that died (every window is shorter), and is taken over. Prints acquired, taken-over or busy.
 */
export function acquireLockScript(pushId: string): string {
  pushDir(pushId);
  return [
    `mkdir -p ${GATEWAY_PATHS.runDir}`,
    `if mkdir ${PUSH_LOCK} 2>/dev/null; then echo ${pushId} > ${PUSH_LOCK}/id; echo acquired`,
    `elif [ -n "$(find ${PUSH_LOCK} -maxdepth 0 -mmin +15 2>/dev/null)" ]; then rm -rf ${PUSH_LOCK}; mkdir ${PUSH_LOCK}; echo ${pushId} > ${PUSH_LOCK}/id; echo taken-over`,
    "else echo busy; fi",
  ].join("\n");
}

export function releaseLockScript(pushId: string): string {
  pushDir(pushId);
  return `if [ "$(cat ${PUSH_LOCK}/id 2>/dev/null)" = "${pushId}" ]; then rm -rf ${PUSH_LOCK}; fi`;
}

/** Roll back now (a failed apply or gate): disarm first so the timer cannot run it a second time. */
export function rollbackNowScript(dir: string, pushId: string): string {
  return [`touch ${dir}/fired 2>/dev/null; rm -f ${dir}/armed`, ...stopSwitch(dir, pushId), `sh ${dir}/rollback.sh`].join("\n");
}

/** A push that stops before its switch was armed: nothing changed, only its own files and lock are let go. */
export function abandonScript(dir: string, pushId: string): string {
  return pushEndScript(dir, pushId, null).join("\n");
}

const CANDIDATES = Object.values(CANDIDATE_PATHS).join(" ");
const OUTCOMES = GATEWAY_PATHS.pushOutcomes;

/**
 * The end of every push, confirmed, rolled back (by Waymark or by the switch) or abandoned: what only the push
 * needed goes (its directory of about 80 KB in RAM, the candidate ruleset) and the lock is released. Only the lock holder touches the shared files. The ending is recorded in a short list (the last
 * 32), so a pusher that waited out the switch, or a dashboard that restarted, can still ask how a push ended.
 */
export function pushEndScript(dir: string, pushId: string, outcome: "confirmed" | "rolled-back" | null): string[] {
  pushDir(pushId);
  return [
    `if [ "$(cat ${PUSH_LOCK}/id 2>/dev/null)" = "${pushId}" ]; then rm -f ${CANDIDATES}; fi`,
    ...(outcome === null
      ? []
      : [`{ tail -n 31 ${OUTCOMES} 2>/dev/null || true; echo "${pushId} ${outcome}"; } > ${OUTCOMES}.new && mv ${OUTCOMES}.new ${OUTCOMES}`]),
    releaseLockScript(pushId),
    `rm -rf ${shellJoin([dir])}`,
  ];
}

/** Shell: exits 0 when the outcome list says how this push ended ("rolled-back" or "confirmed"), printing it. */
export function outcomeOfScript(pushId: string): string {
  pushDir(pushId);
  return `awk '$1 == "${pushId}" { found = $2 } END { if (found == "") exit 1; print found }' ${OUTCOMES} 2>/dev/null`;
}
