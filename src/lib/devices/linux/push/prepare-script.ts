import type { LinuxPlan } from "@/lib/domain/compile/linux";
import { GATEWAY_PATHS } from "@/lib/domain/compile/linux/layout";
import { shellJoin } from "../shell";
import { lanCountFns } from "./lan-watch";
import { monitorRestartScript, monitorStopScript } from "./monitor-control";
import { acquireLockScript, applyScript, armScript, PUSH_LOCK, pushDir, snapshotScript } from "./remote-scripts";
import { MARK, ROOT_CHECK, UPTIME_MS_FN } from "./script-kit";

// The whole change in one round trip: take the push lock, write every file, check the ruleset, snapshot, arm the
// dead-man switch, apply. The order is the safety argument and the script keeps it: each stage runs only when the
// one before it succeeded (a stage is a `set -e` subshell), nothing on the gateway changes before the switch is
// armed, and the apply runs only after it. Stages report as they go (`@@waymark:step <name> running|ok|failed`),
// so the pusher's progress and its recovery know exactly how far the gateway got.
//
// The script travels on standard input and is saved to a file before it runs (PREPARE_COMMAND), so nothing it
// runs can read the rest of it as its own input; the files travel inside it as quoted here-documents.

export const PREPARE_EXIT = { busy: 3, upload: 10, check: 11, snapshot: 12, arm: 13, apply: 14 } as const;

const SCRIPT_FILE = `${GATEWAY_PATHS.runDir}/.push-script.$$`;

/**
 * Saves the script from standard input (root-only), runs it with no input, removes it, passes its exit code on. A
 * removal with nothing to remove leaves /run/waymark empty: then it goes too.
 */
export const PREPARE_COMMAND: readonly string[] = [
  "sh",
  "-c",
  [
    ROOT_CHECK,
    `mkdir -p ${GATEWAY_PATHS.runDir}`,
    `f=${SCRIPT_FILE}`,
    '(umask 077; cat > "$f") || exit 1',
    'sh "$f" </dev/null',
    "rc=$?",
    'rm -f "$f"',
    `rmdir ${GATEWAY_PATHS.runDir} 2>/dev/null`,
    'exit "$rc"',
  ].join("\n"),
];

export type PrepareInput = { plan: LinuxPlan; pushId: string; monitorScript: string; poolChecksScript?: string; confirmWindowSec: number };

export function prepareScript(input: PrepareInput): string {
  const { plan, pushId } = input;
  const dir = pushDir(pushId);
  const poolChecks = input.poolChecksScript ?? "";
  if ((plan.monitor.pools ?? []).length > 0 && poolChecks === "") throw new Error("a plan with server pools needs the pool checks script");
  const files: [string, string][] = [
    [plan.rulesetPath, plan.ruleset],
    [`${dir}/apply.sh`, applyScript(plan, dir)],
    [`${dir}/monitor.conf`, plan.monitor.config],
    [`${dir}/monitor.sh`, input.monitorScript],
    [`${dir}/pool-checks.sh`, poolChecks],
    [`${dir}/monitor-restart.sh`, monitorRestartScript()],
    [`${dir}/monitor-stop.sh`, monitorStopScript()],
  ];
  return [
    "set -u",
    UPTIME_MS_FN,
    lanCountFns(plan.lan.interfaces),
    ...stageFns(pushId),
    fn("write_files", [`mkdir -p ${shellJoin([dir])}`, ...files.flatMap(([path, content]) => hereDoc(path, content))]),
    fn("check", [shellJoin(plan.apply.check)]),
    fn("snapshot", [snapshotScript(dir, pushId)]),
    fn("arm", [armScript(dir, pushId, input.confirmWindowSec)]),
    fn("apply", [`sh ${shellJoin([`${dir}/apply.sh`])}`]),
    fn("monitor_before", [`sed 's/^/${MARK}monitor /' ${GATEWAY_PATHS.monitorState} 2>/dev/null || true`]),
    "mark step upload running",
    "( set -e; take_lock ); _rc=$?",
    `if [ "$_rc" -ne 0 ]; then mark step upload failed; exit "$_rc"; fi`,
    `stage upload write_files ${PREPARE_EXIT.upload}`,
    `stage check check ${PREPARE_EXIT.check}`,
    `stage snapshot snapshot ${PREPARE_EXIT.snapshot}`,
    `stage arm arm ${PREPARE_EXIT.arm}`,
    "monitor_before",
    "lan_sample before",
    `stage apply apply ${PREPARE_EXIT.apply}`,
    "lan_sample after",
    "",
  ].join("\n");
}

/** `mark`, `stage NAME FN EXIT` and `take_lock`, shared by every change script (a push's, a removal's). */
export function stageFns(pushId: string): string[] {
  return [
    `mark() { echo "${MARK}$*"; }`,
    // A stage's commands run under `set -e` in a subshell; called plainly (not in a test), so -e holds there.
    'stage() { mark step "$1" running; ( set -e; "$2" ); _rc=$?; if [ "$_rc" -ne 0 ]; then mark step "$1" failed; exit "$3"; fi; mark step "$1" ok; }',
    fn("take_lock", [
      `_lock=$(${acquireLockScript(pushId)}\n)`,
      `if [ "$_lock" = busy ]; then echo "another push is in flight on this gateway (push $(cat ${PUSH_LOCK}/id 2>/dev/null))" >&2; exit ${PREPARE_EXIT.busy}; fi`,
    ]),
  ];
}

export function fn(name: string, body: string[]): string {
  return [`${name}() {`, ...body, "}"].join("\n");
}

/** A file written by a quoted here-document (nothing in it is expanded), newline-terminated. */
export function hereDoc(path: string, content: string): string[] {
  const lines = content.split("\n");
  let n = 1;
  while (lines.includes(`WAYMARK_FILE_${n}`)) n++;
  const body = content.endsWith("\n") ? content.slice(0, -1) : content;
  return [`cat > ${shellJoin([path])} <<'WAYMARK_FILE_${n}'`, body, `WAYMARK_FILE_${n}`];
}
