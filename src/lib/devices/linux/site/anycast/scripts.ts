import { readFileSync } from "node:fs";
import path from "node:path";
import type { AnycastEdgePlan, AnycastServerPlan } from "@/lib/domain/site/member-plan";
import { anycastNames, BIRD_SYMBOL, type AnycastNames } from "@/lib/domain/site/anycast/layout";
import { EDGE_SYSCTLS } from "@/lib/domain/site/anycast/files";
import { shellJoin } from "../../shell";
import { PREPARE_EXIT, fn, hereDoc, stageFns } from "../../push/prepare-script";
import { armScript, pushDir, pushEndScript } from "../../push/remote-scripts";
import { UPTIME_MS_FN } from "../../push/script-kit";

// The change an anycast member's push makes, in one round trip (the Linux push kit's order and stage markers):
// take the push lock, write the candidate BIRD configuration beside the member's config file and the other files
// into the push directory, check (BIRD answers on its socket; `bird -p -c candidate`, BIRD's own parser; nft -c),
// snapshot, arm the kit's device-side switch, apply. The apply ends with `birdc configure "candidate" timeout N`
// (N: the confirm window): BIRD undoes the new configuration by itself unless a confirm comes in time. What BIRD
// does not roll back (the counters table, the service address on lo, the health daemon, the edge's sysctl,
// Waymark's files) is put back by the switch's rollback.sh SWITCH_SLACK_SEC later, which also reloads BIRD from
// the config file, untouched until a confirm.
//
// Why rollback.sh reloads the file instead of `configure undo`: BIRD keeps one level of undo and it outlives a
// confirm (2.0.12 undid a confirmed configuration in the lab), so a late undo could take back someone else's change;
// the file holds exactly what was confirmed last.

export type AnycastPlan = AnycastServerPlan | AnycastEdgePlan;
export type ChangeMode = "apply" | "remove";

export const CANDIDATE_SUFFIX = ".waymark-candidate";
/**
 * The switch fires this long after BIRD's own timer: in a lockout BIRD undoes its configuration by itself at the
 * window's end (its commit-confirmed, linux-gateway.md §6.4), and the switch then restores what BIRD does not own.
 */
export const SWITCH_SLACK_SEC = 5;

let cachedHealth: string | undefined;
/** The health daemon ships as a plain perl file beside the monitor (perl -c checks it). */
export function healthDaemonScript(): string {
  cachedHealth ??= readFileSync(path.join(/* turbopackIgnore: true */ process.cwd(), "src/lib/devices/linux/assets/anycast-health.pl"), "utf8");
  return cachedHealth;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const PATH = /^\/[A-Za-z0-9._/-]{1,200}$/;

/**
 * Plans are stored and come back from the database; every value of one that reaches a shell line or BIRD's parser
 * is checked against the grammar the compiler wrote it in, so a tampered row cannot smuggle a command in.
 */
export function assertPlanGrammar(plan: AnycastPlan): void {
  anycastNames(plan.site);
  const bad = (what: string) => {
    throw new Error(`the member plan's ${what} is outside its grammar`);
  };
  if (!IPV4.test(plan.address)) bad("service address");
  if (!PATH.test(plan.bird.configFile) || !PATH.test(plan.bird.controlSocket)) bad("BIRD paths");
  if (plan.role === "anycast-edge") {
    for (const s of plan.servers) if (!BIRD_SYMBOL.test(s.protocol) || !IPV4.test(s.address)) bad("server list");
  }
}

/** `birdc` with the member's socket; every path comes from ZBirdPaths' grammar (no quote, no space). */
export const birdc = (plan: AnycastPlan, ...words: string[]) => shellJoin(["birdc", "-s", plan.bird.controlSocket, ...words]);
/** BIRD wants a file name in double quotes: birdc configure "/etc/bird/bird.conf". */
export const birdFile = (file: string) => `"${file}"`;
export const candidateOf = (plan: AnycastPlan) => `${plan.bird.configFile}${CANDIDATE_SUFFIX}`;

export function birdConfigOf(plan: AnycastPlan): string {
  const file = plan.files.find((f) => f.path === plan.bird.configFile);
  if (!file) throw new Error("the member plan has no BIRD configuration");
  return file.content;
}

/** A removal's configuration: the site's part emptied, BIRD left running with its router id and nothing else. */
export function emptyBirdConfig(plan: AnycastPlan): string {
  const routerId = /^router id (\d+\.\d+\.\d+\.\d+);$/m.exec(birdConfigOf(plan))?.[1];
  if (!routerId) throw new Error("the member plan's BIRD configuration has no router id");
  const n = anycastNames(plan.site);
  return [
    `# Waymark: anycast site ${plan.site} was removed from this host; BIRD runs with nothing of it.`,
    `router id ${routerId};`,
    "",
    `protocol device ${n.device} { scan time 10; }`,
    "",
  ].join("\n");
}

const fileIn = (plan: AnycastPlan, suffix: string) => plan.files.find((f) => f.path.endsWith(suffix))?.content ?? null;

/** Shell: start and stop the health daemon (a systemd unit where systemd runs, else a detached process). */
function healthControl(n: AnycastNames, site: string, address: string): string[] {
  const unit = `waymark-anycast-${site}.service`;
  // Under systemd the unit also puts the service address back on lo at boot, before the daemon announces it.
  const start = `perl ${n.healthScript} ${n.healthConfig}`;
  return [
    fn("health_stop", [
      `if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then systemctl disable --now --quiet ${unit} 2>/dev/null || true; fi`,
      `if [ -f ${n.healthPid} ]; then pid=$(cat ${n.healthPid}); kill "$pid" 2>/dev/null || true; i=0; while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i+1)); done; rm -f ${n.healthPid}; fi`,
      `rm -f ${n.healthState}`,
    ]),
    fn("health_start", [
      "health_stop",
      "if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then",
      `  printf '%s\\n' '[Unit]' 'Description=Waymark anycast health check (site ${site})' 'After=bird.service' '' '[Service]' 'ExecStartPre=/sbin/ip addr replace ${address}/32 dev lo' 'ExecStart=/usr/bin/${start}' 'Restart=always' 'RestartSec=1' '' '[Install]' 'WantedBy=multi-user.target' > /etc/systemd/system/${unit}`,
      `  systemctl daemon-reload && systemctl enable --quiet ${unit} && systemctl restart ${unit}`,
      "else",
      `  setsid -f ${start} </dev/null >/dev/null 2>&1`,
      "fi",
    ]),
  ];
}

/** The whole change script for `mode`, run by the kit's PREPARE_COMMAND (saved, then run with no input). */
export function changeScript(plan: AnycastPlan, mode: ChangeMode, pushId: string, windowSec: number): string {
  const n = anycastNames(plan.site);
  assertPlanGrammar(plan);
  const dir = pushDir(pushId);
  const candidate = candidateOf(plan);
  const bird = mode === "apply" ? birdConfigOf(plan) : emptyBirdConfig(plan);
  const counters = mode === "apply" ? fileIn(plan, "/counters.nft") : null;
  const files: [string, string][] = [[candidate, bird]];
  if (counters) files.push([`${dir}/counters.nft`, counters]);
  if (mode === "apply" && plan.role === "anycast-server") {
    files.push([`${dir}/health.conf`, fileIn(plan, "/health.conf") ?? ""], [`${dir}/anycast-health.pl`, healthDaemonScript()]);
  }
  if (mode === "apply" && plan.role === "anycast-edge") files.push([`${dir}/sysctl.conf`, fileIn(plan, "/sysctl.conf") ?? ""]);
  const birdLine = `out=$(${birdc(plan, "configure", birdFile(candidate), "timeout", String(windowSec))} 2>&1) && echo "$out" | grep -qE '^(Reconfigured|Reconfiguration in progress|Reconfiguration already in progress)' || { echo "BIRD did not take the configuration: $out" >&2; exit 1; }`;
  return [
    "set -u",
    UPTIME_MS_FN,
    ...stageFns(pushId),
    ...healthControl(n, plan.site, plan.address),
    fn("write_files", [`mkdir -p ${shellJoin([dir])} ${shellJoin([`${dir}/before`])}`, ...files.flatMap(([p, content]) => hereDoc(p, content))]),
    fn("check", [
      `${birdc(plan, "show", "status")} >/dev/null 2>&1 || { echo "BIRD does not answer on ${plan.bird.controlSocket}: start it first (systemctl enable --now bird)" >&2; exit 1; }`,
      // BIRD's own parser, before anything is reloaded: a configuration it refuses is refused here with its message.
      `out=$(bird -p -c ${shellJoin([candidate])} 2>&1) || { rm -f ${shellJoin([candidate])}; echo "BIRD refused the configuration: $out" >&2; exit 1; }`,
      ...(counters ? [`nft -c -f ${shellJoin([`${dir}/counters.nft`])}`] : []),
    ]),
    fn("snapshot", [snapshotScript(plan, n, dir, pushId)]),
    fn("arm", [armScript(dir, pushId, windowSec + SWITCH_SLACK_SEC)]),
    fn("apply", mode === "apply" ? applyLines(plan, n, dir, birdLine) : removeLines(plan, n, birdLine)),
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

function applyLines(plan: AnycastPlan, n: AnycastNames, dir: string, birdLine: string): string[] {
  const lines = [`mkdir -p ${n.configDir} /usr/local/lib/waymark /run/waymark`, `nft -f ${dir}/counters.nft`, `cp ${dir}/counters.nft ${n.countersFile}`];
  if (plan.role === "anycast-server") {
    lines.push(
      `cp ${dir}/health.conf ${n.healthConfig}`,
      `cp ${dir}/anycast-health.pl ${n.healthScript} && chmod 755 ${n.healthScript}`,
      `ip addr replace ${plan.address}/32 dev lo`,
      birdLine,
      // After BIRD's reload: a reload restarts a protocol the daemon had disabled, and the daemon's first check
      // asserts the verdict again at once.
      "health_start",
    );
    return lines;
  }
  lines.push(
    `[ -f ${n.configDir}/original-sysctls ] || { ${EDGE_SYSCTLS.map((s) => `echo "${s.key} $(sysctl -n ${s.key})"`).join("; ")}; } > ${n.configDir}/original-sysctls`,
    `cp ${dir}/sysctl.conf ${n.sysctlFile}`,
    ...EDGE_SYSCTLS.map((s) => `sysctl -qw ${s.key}=${s.value}`),
    birdLine,
  );
  return lines;
}

function removeLines(plan: AnycastPlan, n: AnycastNames, birdLine: string): string[] {
  const lines = [birdLine, `nft delete table inet ${n.nftTable} 2>/dev/null || true`];
  if (plan.role === "anycast-server") lines.push("health_stop", `ip addr del ${plan.address}/32 dev lo 2>/dev/null || true`);
  else
    lines.push(
      `if [ -f ${n.configDir}/original-sysctls ]; then while read -r key value; do sysctl -qw "$key=$value" || true; done < ${n.configDir}/original-sysctls; fi`,
    );
  return lines;
}

/**
 * DIR/rollback.sh: puts back BIRD (from its config file), the counters table, Waymark's files for the site, the
 * service address on lo and the health daemon as they were, or the edge's sysctls; then ends the push.
 */
function snapshotScript(plan: AnycastPlan, n: AnycastNames, dir: string, pushId: string): string {
  const conf = plan.bird.configFile;
  const table = `inet ${n.nftTable}`;
  return [
    "set -eu",
    `D=${shellJoin([dir])}`,
    `if nft list table ${table} >/dev/null 2>&1; then { echo 'table ${table}'; echo 'delete table ${table}'; nft list table ${table}; } > "$D/before/counters.nft"; fi`,
    `if [ -d ${n.configDir} ]; then cp -a ${n.configDir} "$D/before/config"; fi`,
    `had_address=; if ip -o addr show dev lo | grep -q " ${plan.address}/32 "; then had_address=yes; fi`,
    `had_health=; if [ -f ${n.healthPid} ] && kill -0 "$(cat ${n.healthPid})" 2>/dev/null; then had_health=yes; fi`,
    "{",
    "  echo '#!/bin/sh'",
    "  echo '# Written by Waymark before an anycast push: restores what the push changes.'",
    `  if [ -f ${conf} ]; then echo ${shellJoin([`${birdc(plan, "configure", birdFile(conf))} >/dev/null 2>&1 || true`])}; fi`,
    `  if [ -f "$D/before/counters.nft" ]; then echo "nft -f $D/before/counters.nft"; else echo "nft delete table ${table} 2>/dev/null || true"; fi`,
    `  if [ -d "$D/before/config" ]; then echo "rm -rf ${n.configDir}; cp -a $D/before/config ${n.configDir}"; else echo "rm -rf ${n.configDir}"; fi`,
    ...(plan.role === "anycast-server"
      ? [
          `  if [ -z "$had_address" ]; then echo "ip addr del ${plan.address}/32 dev lo 2>/dev/null || true"; else echo "ip addr replace ${plan.address}/32 dev lo"; fi`,
          `  if [ -n "$had_health" ]; then echo "health_start"; else echo "health_stop"; fi`,
        ]
      : EDGE_SYSCTLS.map((s) => `  echo "sysctl -qw ${s.key}=$(sysctl -n ${s.key})"`)),
    `  echo ${shellJoin([`rm -f ${candidateOf(plan)}`])}`,
    '} > "$D/rollback.body"',
    // rollback.sh runs on its own (the switch): it carries the health daemon's control functions.
    `{ echo '#!/bin/sh'; ${healthControl(n, plan.site, plan.address)
      .map((f) => `printf '%s\\n' ${shellJoin([f])}`)
      .join("; ")}; cat "$D/rollback.body"; } > "$D/rollback.sh"`,
    `cat >> "$D/rollback.sh" <<'WAYMARK_EOF'`,
    ...pushEndScript(dir, pushId, "rolled-back"),
    "WAYMARK_EOF",
    'sh -n "$D/rollback.sh"',
  ].join("\n");
}
