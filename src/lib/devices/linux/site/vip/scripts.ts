import { VIP_SCRIPT, vipPaths, vipTableName } from "@/lib/domain/site/vip/layout";
import type { VipNodePlan } from "@/lib/domain/site/member-plan";
import { PREPARE_EXIT, fn, hereDoc, stageFns } from "../../push/prepare-script";
import { armScript, pushDir, pushEndScript, stopSwitch } from "../../push/remote-scripts";
import { MARK, ROOT_CHECK, UPTIME_MS_FN } from "../../push/script-kit";
import { shellJoin } from "../../shell";

// The shell a shared-VIP node runs, built from the plan. Values come from the plan, whose every field passed the
// compiler's grammar, and are re-checked here (planned()) before any reaches a script; the files travel as quoted
// here-documents. Objects on the node: the nft tables ip/arp waymark_vip_<site>, the VIP address and the multicast
// MAC on the interface, the daemon (supervised, detached), /run/waymark/vip/<site> (runtime copies and state),
// /etc/waymark/vip/<site> (what the last confirm kept: a reboot's boot.sh re-applies it).

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The plan's values a script uses, each checked against its grammar. */
export function planned(plan: VipNodePlan) {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,14}$/.test(plan.interface)) throw new Error("interface outside its grammar");
  if (!IPV4.test(plan.vip)) throw new Error("virtual IP outside its grammar");
  if (!Number.isInteger(plan.prefixLength) || plan.prefixLength < 8 || plan.prefixLength > 32) throw new Error("prefix length outside its grammar");
  if (!/^01:00:5e(:[0-9a-f]{2}){3}$/.test(plan.multicastMac)) throw new Error("multicast MAC outside its grammar");
  const table = vipTableName(plan.site);
  const file = (suffix: string) => plan.files.find((f) => f.path.endsWith(suffix))?.content;
  const tableFile = file("/table.nft");
  const heartbeatConfig = file("/heartbeat.conf");
  if (tableFile === undefined || heartbeatConfig === undefined) throw new Error("the plan lacks its table or heartbeat configuration");
  return {
    ...vipPaths(plan.site),
    table,
    iface: plan.interface,
    address: `${plan.vip}/${plan.prefixLength}`,
    mac: plan.multicastMac,
    tableFile,
    heartbeatConfig,
  };
}
type Planned = ReturnType<typeof planned>;

/** Shell: the supervised daemon stops (the supervisor ends its child), and no process of it is left. */
function stopDaemon(p: Planned): string[] {
  return [
    `for f in ${p.runDir}/supervisor.pid ${p.runDir}/heartbeat.pid; do`,
    '  [ -f "$f" ] || continue',
    '  pid=$(cat "$f"); kill "$pid" 2>/dev/null || true',
    '  i=0; while kill -0 "$pid" 2>/dev/null && ! grep -q "^[0-9]* (.*) Z" "/proc/$pid/stat" 2>/dev/null && [ "$i" -lt 30 ]; do sleep 0.1; i=$((i+1)); done',
    '  kill -9 "$pid" 2>/dev/null || true; rm -f "$f"',
    "done",
  ];
}

/** up.sh: applies the node's part from the directory it is run from (a push's, or /etc/waymark/vip/<site> at boot). */
export function upScript(plan: VipNodePlan, dir: string): string {
  const p = planned(plan);
  return [
    "set -eu",
    `D="\${WAYMARK_VIP_DIR:-${dir}}"`,
    `mkdir -p ${p.runDir} /usr/local/lib/waymark`,
    ...stopDaemon(p),
    `cp "$D/table.nft" "$D/heartbeat.conf" ${p.runDir}/`,
    `cp "$D/vip-heartbeat.pl" ${VIP_SCRIPT} && chmod 755 ${VIP_SCRIPT}`,
    `nft -f ${p.runDir}/table.nft`,
    `ip maddr show dev ${p.iface} | grep -q ${p.mac} || ip maddr add ${p.mac} dev ${p.iface}`,
    `ip -4 -o addr show dev ${p.iface} | grep -q " ${p.address} " || ip addr add ${p.address} dev ${p.iface}`,
    `rm -f ${p.state}`,
    // Its own session, so it outlives the SSH connection; the supervisor starts the daemon again if it ends.
    `setsid -f sh -c 'echo $$ > "$0"; exec perl "$1" supervise "$2"' ${p.runDir}/supervisor.pid ${VIP_SCRIPT} ${p.runDir}/heartbeat.conf </dev/null >>${p.log} 2>&1`,
  ].join("\n");
}

/** down.sh: takes the node's part off (the daemon, both tables, the VIP address and the multicast MAC). */
export function downScript(plan: VipNodePlan): string {
  const p = planned(plan);
  return [
    "set -u",
    ...stopDaemon(p),
    `nft delete table ip ${p.table} 2>/dev/null || true`,
    `nft delete table arp ${p.table} 2>/dev/null || true`,
    `ip addr del ${p.address} dev ${p.iface} 2>/dev/null || true`,
    `ip maddr del ${p.mac} dev ${p.iface} 2>/dev/null || true`,
    `rm -rf ${p.runDir}`,
  ].join("\n");
}

/**
 * Before anything changes: DIR/rollback.sh takes the new plan's objects off, then re-applies what the last confirm
 * kept (/etc/waymark/vip/<site>, copied now to DIR/before), so a rollback gives back the node as it was.
 */
function snapshotScript(p: Planned, dir: string, pushId: string): string {
  return [
    "set -eu",
    `rm -rf ${dir}/before`,
    `if [ -d ${p.configDir} ]; then cp -a ${p.configDir} ${dir}/before; fi`,
    "{",
    "  echo '#!/bin/sh'",
    "  echo '# Written by Waymark before a shared-VIP push: gives back the node as it was.'",
    `  echo 'sh ${dir}/down.sh'`,
    `  if [ -d ${dir}/before ]; then echo 'WAYMARK_VIP_DIR=${dir}/before sh ${dir}/before/up.sh'; fi`,
    `} > ${dir}/rollback.sh`,
    `cat >> ${dir}/rollback.sh <<'WAYMARK_EOF'`,
    ...pushEndScript(dir, pushId, "rolled-back"),
    "WAYMARK_EOF",
    `sh -n ${dir}/rollback.sh`,
  ].join("\n");
}

export type Change = { kind: "apply" | "remove"; plan: VipNodePlan; pushId: string; confirmWindowSec: number; daemon: string };

/** The whole change in one round trip (the Linux push's stages): lock, upload, check, snapshot, arm, apply. */
export function changeScript(change: Change): string {
  const { plan, pushId } = change;
  const p = planned(plan);
  const dir = pushDir(pushId);
  const files: [string, string][] = [
    [`${dir}/table.nft`, p.tableFile],
    [`${dir}/heartbeat.conf`, p.heartbeatConfig],
    [`${dir}/vip-heartbeat.pl`, change.daemon],
    [`${dir}/up.sh`, upScript(plan, dir)],
    [`${dir}/down.sh`, downScript(plan)],
  ];
  const check =
    change.kind === "apply"
      ? [`nft -c -f ${dir}/table.nft`, `perl ${dir}/vip-heartbeat.pl check-config ${dir}/heartbeat.conf >/dev/null`, `ip link show dev ${p.iface} >/dev/null`]
      : [`sh -n ${dir}/down.sh`];
  return [
    "set -u",
    UPTIME_MS_FN,
    ...stageFns(pushId),
    fn("write_files", [`mkdir -p ${shellJoin([dir])}`, ...files.flatMap(([path, content]) => hereDoc(path, content))]),
    fn("check", check),
    fn("snapshot", [snapshotScript(p, dir, pushId)]),
    fn("arm", [armScript(dir, pushId, change.confirmWindowSec)]),
    fn("apply", [change.kind === "apply" ? `sh ${dir}/up.sh` : `sh ${dir}/down.sh`]),
    "mark step upload running",
    "( set -e; take_lock ); _rc=$?",
    `if [ "$_rc" -ne 0 ]; then mark step upload failed; exit "$_rc"; fi`,
    `stage upload write_files ${PREPARE_EXIT.upload}`,
    `stage check check ${PREPARE_EXIT.check}`,
    `stage snapshot snapshot ${PREPARE_EXIT.snapshot}`,
    `stage arm arm ${PREPARE_EXIT.arm}`,
    `stage apply apply ${PREPARE_EXIT.apply}`,
    "",
  ].join("\n");
}

/**
 * Confirm: disarm (exit 3 when the switch fired first), then keep the change: the files under
 * /etc/waymark/vip/<site> with boot.sh, started at boot by a systemd unit where systemd runs; a removal takes them
 * and the unit away. Then the push's own files go.
 */
export function confirmScript(change: Pick<Change, "kind" | "plan" | "pushId">, planHash: string): string {
  if (change.kind === "apply" && !/^[0-9a-f]{64}$/.test(planHash)) throw new Error("plan hash outside its grammar");
  const p = planned(change.plan);
  const dir = pushDir(change.pushId);
  const unit = `waymark-vip-${change.plan.site}.service`;
  const keep =
    change.kind === "apply"
      ? [
          `rm -rf ${p.configDir}.new && mkdir -p ${p.configDir}.new`,
          `cp ${dir}/table.nft ${dir}/heartbeat.conf ${dir}/vip-heartbeat.pl ${dir}/up.sh ${dir}/down.sh ${p.configDir}.new/`,
          `echo ${planHash} > ${p.configDir}.new/applied.sha256`,
          `printf '%s\\n' '#!/bin/sh' ${shellJoin([`WAYMARK_VIP_DIR=${p.configDir} exec sh ${p.configDir}/up.sh`])} > ${p.configDir}.new/boot.sh`,
          `rm -rf ${p.configDir} && mv ${p.configDir}.new ${p.configDir}`,
          "if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then",
          `  printf '%s\\n' '[Unit]' ${shellJoin([`Description=Waymark: shared virtual IP ${change.plan.vip} (site ${change.plan.site})`])} 'Wants=network-online.target' 'After=network-online.target' '' '[Service]' 'Type=oneshot' 'RemainAfterExit=yes' ${shellJoin([`ExecStart=/bin/sh ${p.configDir}/boot.sh`])} '' '[Install]' 'WantedBy=multi-user.target' > /etc/systemd/system/${unit}`,
          `  systemctl daemon-reload && systemctl enable --quiet ${unit} || true`,
          "fi",
        ]
      : [
          `rm -rf ${p.configDir}`,
          `if [ -f /etc/systemd/system/${unit} ]; then systemctl disable --quiet ${unit} 2>/dev/null || true; rm -f /etc/systemd/system/${unit}; systemctl daemon-reload 2>/dev/null || true; fi`,
        ];
  return [
    "set -eu",
    `if ! rm ${dir}/armed 2>/dev/null; then echo "the rollback switch fired before the confirmation" >&2; exit 3; fi`,
    ...stopSwitch(dir, change.pushId),
    ...keep,
    ...pushEndScript(dir, change.pushId, "confirmed"),
  ].join("\n");
}

/** Before a push: what the node runs of this site now (the unchanged check), as marker lines. */
export function presentScript(plan: VipNodePlan): string {
  const p = planned(plan);
  return [
    ROOT_CHECK,
    `echo "${MARK}applied $(cat ${p.configDir}/applied.sha256 2>/dev/null)"`,
    `if nft list table ip ${p.table} >/dev/null 2>&1; then echo "${MARK}table present"; else echo "${MARK}table absent"; fi`,
    `if [ -f ${p.runDir}/supervisor.pid ] && kill -0 "$(cat ${p.runDir}/supervisor.pid)" 2>/dev/null; then echo "${MARK}daemon alive"; else echo "${MARK}daemon dead"; fi`,
  ].join("\n");
}

/**
 * The read (and the gate's look): the daemon's state file, the table's counters, the connections to the VIP, and
 * whether the pieces are in place, as marker-led sections (parse.ts reads them).
 */
export function readScript(plan: VipNodePlan): string {
  const p = planned(plan);
  return [
    ROOT_CHECK,
    UPTIME_MS_FN,
    `echo "${MARK}uptime $(uptime_ms)"`,
    `echo "${MARK}applied $(cat ${p.configDir}/applied.sha256 2>/dev/null)"`,
    `if nft list table ip ${p.table} >/dev/null 2>&1; then echo "${MARK}table present"; else echo "${MARK}table absent"; fi`,
    `if nft list table arp ${p.table} >/dev/null 2>&1; then echo "${MARK}arp present"; else echo "${MARK}arp absent"; fi`,
    `if ip -4 -o addr show dev ${p.iface} 2>/dev/null | grep -q " ${p.address} "; then echo "${MARK}address present"; else echo "${MARK}address absent"; fi`,
    `if ip maddr show dev ${p.iface} 2>/dev/null | grep -q ${p.mac}; then echo "${MARK}maddr present"; else echo "${MARK}maddr absent"; fi`,
    `if [ -f ${p.runDir}/heartbeat.pid ] && kill -0 "$(cat ${p.runDir}/heartbeat.pid)" 2>/dev/null; then echo "${MARK}daemon $(cat ${p.runDir}/heartbeat.pid)"; else echo "${MARK}daemon none"; fi`,
    `echo "${MARK}counters $(nft -j list counters table ip ${p.table} 2>/dev/null)"`,
    // conntrack(8) prints the entries on standard output and its summary on standard error.
    `if command -v conntrack >/dev/null 2>&1; then echo "${MARK}conntrack $(conntrack -L -d ${plan.vip} 2>/dev/null | grep -c .)"; else echo "${MARK}conntrack -"; fi`,
    `echo "${MARK}state"`,
    `cat ${p.state} 2>/dev/null || true`,
    `echo "${MARK}end"`,
  ].join("\n");
}
