import { anycastNames } from "@/lib/domain/site/anycast/layout";
import { shellJoin } from "../../shell";
import { pushDir, pushEndScript, stopSwitch } from "../../push/remote-scripts";
import { MARK, NAP, UPTIME_MS_FN } from "../../push/script-kit";
import { type AnycastPlan, assertPlanGrammar, birdc, candidateOf, type ChangeMode } from "./scripts";

// The health gate of an anycast push, run over a NEW SSH connection (so a change that cut the management path is
// found out), and the confirm after it. The gate waits, until its budget runs out, for:
//   - BIRD answering on its control socket;
//   - the new configuration active: every protocol the plan names listed by `show protocols` (after a removal:
//     none of the site's left);
//   - server: the health daemon alive and writing its state file, and the service protocol in the state its verdict
//     says (up while the check passes: the route is announced; disabled while it fails: withdrawn, as it should be);
//   - edge: the kernel protocol that installs the merged ECMP route up.
// `show protocols` lines are "name proto table state since info", since in `timeformat protocol iso long` (two
// fields), so the info's first word (a BGP session's state) is field 7.
// It does not wait for BGP sessions to establish: servers are pushed before their edge, whose sessions come later;
// it reports how many are established.

/** The protocols a member's configuration must show once it is active. */
export function expectedProtocols(plan: AnycastPlan): string[] {
  const n = anycastNames(plan.site);
  if (plan.role === "anycast-server") return [n.device, n.service, n.bfd, n.edgeSession];
  return [n.device, n.kernel, n.bfd, ...plan.servers.map((s) => s.protocol)];
}

export function gateScript(plan: AnycastPlan, mode: ChangeMode, budgetMs: number): string {
  assertPlanGrammar(plan);
  const n = anycastNames(plan.site);
  const wanted = mode === "apply" ? expectedProtocols(plan) : [];
  const probe = [
    "probe() {",
    `  protos=$(${birdc(plan, "show", "protocols")} 2>&1) || { reason="BIRD does not answer on ${plan.bird.controlSocket}"; return 1; }`,
    ...wanted.map((p) => `  echo "$protos" | grep -q '^${p} ' || { reason="protocol ${p} is not running: the new configuration is not active"; return 1; }`),
    ...(mode === "remove"
      ? [`  if echo "$protos" | grep -q '^wm_${n.key}_'; then reason="protocols of site ${plan.site} are still running"; return 1; fi`]
      : []),
    ...(mode === "apply" && plan.role === "anycast-server" ? serverProbe(n) : []),
    ...(mode === "apply" && plan.role === "anycast-edge" ? edgeProbe(n) : []),
    ...(mode === "remove" && plan.role === "anycast-server"
      ? [
          `  if [ -f ${n.healthPid} ] && kill -0 "$(cat ${n.healthPid})" 2>/dev/null; then reason="the health daemon still runs"; return 1; fi`,
          '  detail="BIRD answers with nothing of the site; the health daemon stopped"',
        ]
      : []),
    ...(mode === "remove" && plan.role === "anycast-edge" ? ['  detail="BIRD answers with nothing of the site"'] : []),
    "  return 0",
    "}",
  ];
  return [
    UPTIME_MS_FN,
    ...probe,
    `deadline=$(( $(uptime_ms) + ${Math.max(0, Math.floor(budgetMs))} ))`,
    'reason=""; detail=""',
    "while :; do",
    `  if probe; then echo "${MARK}gate ok $detail"; exit 0; fi`,
    `  if [ "$(uptime_ms)" -ge "$deadline" ]; then echo "${MARK}gate failed $reason"; exit 1; fi`,
    `  ${NAP}`,
    "done",
  ].join("\n");
}

function serverProbe(n: ReturnType<typeof anycastNames>): string[] {
  return [
    `  [ -f ${n.healthPid} ] && kill -0 "$(cat ${n.healthPid})" 2>/dev/null || { reason="the health daemon is not running"; return 1; }`,
    `  verdict=$(sed -n 's/^verdict=//p' ${n.healthState} 2>/dev/null)`,
    `  [ -n "$verdict" ] || { reason="the health daemon has not checked the service yet"; return 1; }`,
    `  svc=$(echo "$protos" | awk '$1 == "${n.service}" { print $4 }')`,
    `  bgp=$(echo "$protos" | awk '$1 == "${n.edgeSession}" { print $7 }')`,
    `  if [ "$verdict" = passing ] && [ "$svc" != up ]; then reason="the check passes but ${n.service} is $svc: the route is not announced"; return 1; fi`,
    `  if [ "$verdict" = failing ] && [ "$svc" = up ]; then reason="the check fails but ${n.service} is up: the route is still announced"; return 1; fi`,
    '  if [ "$verdict" = passing ]; then said="the check passes and the service route is announced"; else said="the check fails, so the service route is withdrawn"; fi',
    '  detail="BIRD answers with the new configuration; $said; session to the edge: $bgp"',
  ];
}

function edgeProbe(n: ReturnType<typeof anycastNames>): string[] {
  return [
    `  [ "$(echo "$protos" | awk '$1 == "${n.kernel}" { print $4 }')" = up ] || { reason="the kernel protocol ${n.kernel} is not up"; return 1; }`,
    `  up=$(echo "$protos" | awk '$2 == "BGP" && $1 ~ /^wm_${n.key}_/ && $7 == "Established"' | wc -l)`,
    `  all=$(echo "$protos" | awk '$2 == "BGP" && $1 ~ /^wm_${n.key}_/' | wc -l)`,
    '  detail="BIRD answers with the new configuration; the kernel protocol is up; $up of $all server sessions established"',
  ];
}

/**
 * Confirm: take the switch's `armed` first (else it fired: exit 3), `configure confirm` (BIRD keeps the new
 * configuration), then persist it by writing the candidate over the config file (a BIRD restart keeps it), record
 * the plan hash, and end the push. A removal also takes Waymark's files for the site away.
 */
export function confirmScript(plan: AnycastPlan, mode: ChangeMode, pushId: string, planHash: string): string {
  if (!/^[0-9a-f]{64}$/.test(planHash)) throw new Error("plan hash outside its grammar");
  assertPlanGrammar(plan);
  const n = anycastNames(plan.site);
  const dir = pushDir(pushId);
  const candidate = shellJoin([candidateOf(plan)]);
  const conf = shellJoin([plan.bird.configFile]);
  return [
    "set -eu",
    `if ! rm ${dir}/armed 2>/dev/null; then echo "the rollback switch fired before the confirmation" >&2; exit 3; fi`,
    ...stopSwitch(dir, pushId),
    `out=$(${birdc(plan, "configure", "confirm")} 2>&1) || true`,
    // "Nothing to do": BIRD's own timer already undid it; put the rest back too.
    `if ! echo "$out" | grep -q 'Reconfiguration confirmed'; then sh ${dir}/rollback.sh >/dev/null 2>&1 || true; echo "BIRD had already undone the configuration: $out" >&2; exit 3; fi`,
    // Over the file in place, so its owner and mode (Debian: bird:bird 0640) stay.
    `if [ -f ${conf} ]; then cat ${candidate} > ${conf}; else cp ${candidate} ${conf}; fi`,
    `rm -f ${candidate}`,
    ...(mode === "apply"
      ? [`mkdir -p ${n.configDir}`, `echo ${planHash} > ${n.appliedHash}`]
      : [`rm -rf ${n.configDir}`, `rm -f /etc/systemd/system/waymark-anycast-${plan.site}.service`]),
    ...pushEndScript(dir, pushId, "confirmed"),
  ].join("\n");
}
