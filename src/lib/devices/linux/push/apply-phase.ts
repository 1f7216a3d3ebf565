import type { LinuxPlan } from "@/lib/domain/compile/linux";
import { parseMonitorState, type MonitorState } from "../monitor-state";
import { PushRefusedError, PushStepError, type PushProgress, type PushStep, type StepStatus } from "../../push-types";
import { lanSampleOf, type LanSample } from "./lan-watch";
import { PREPARE_COMMAND, PREPARE_EXIT, prepareScript } from "./prepare-script";
import { lineReader, parseMarker, type RootSession } from "./script-kit";

// Runs the one-round-trip change (prepare-script.ts) and turns its marker lines into the push's progress, as they
// arrive. What it returns, or the error it throws, says whether the dead-man switch was armed: everything after
// that point must end in a confirm or a rollback.

export type Applied = {
  /** Dashboard clock when the arm step was reported: the switch fires no earlier than the window after this. */
  armedAt: number;
  monitorBefore: MonitorState | null;
  /** New LAN connections forwarded, just before the apply and right after it. */
  lan: { before: LanSample; after: LanSample };
};

/** The exec failed after the switch may have been armed: the caller must roll back (or wait for the switch). */
export class AfterArmError extends PushStepError {
  constructor(step: PushStep, message: string) {
    super(step, message, true);
  }
}

const OK_DETAIL: Partial<Record<PushStep, (plan: LinuxPlan, windowSec: number) => string>> = {
  upload: () => "push lock taken; ruleset, apply script and monitor files written in one stream",
  check: (plan) => `${plan.apply.check[0]} accepted the ruleset`,
  snapshot: () => "rollback.sh restores Waymark's current table, rules, routes and monitor",
  arm: (_plan, windowSec) => `the gateway rolls back by itself in ${windowSec} s unless confirmed`,
  apply: () => "applied; the monitor restarted with the new configuration",
};

const STEPS = new Set<string>(["upload", "check", "snapshot", "arm", "apply"]);

export async function prepareAndApply(session: RootSession, plan: LinuxPlan, input: { pushId: string; monitorScript: string; confirmWindowSec: number }, onProgress: PushProgress): Promise<Applied> {
  let armedAt: number | null = null;
  let armRunning = false;
  let failed: PushStep | null = null;
  const monitorLines: string[] = [];
  const lan: Applied["lan"] = { before: null, after: null };
  const onLine = lineReader((line) => {
    const marker = parseMarker(line);
    if (!marker) return;
    const [name, status] = marker.words;
    if (marker.kind === "monitor") monitorLines.push(marker.rest);
    if (marker.kind === "lan" && (name === "before" || name === "after")) lan[name] = lanSampleOf(marker.words);
    if (marker.kind !== "step" || !name || !STEPS.has(name)) return;
    const step = name as PushStep;
    // Reported when the round trip starts, so the upload's time includes opening the channel and the transfer.
    if (step === "upload" && status === "running") return;
    if (step === "arm" && status === "running") armRunning = true;
    if (step === "arm" && status === "ok") armedAt = Date.now();
    // A failure's reason is on standard error, complete only when the script has ended.
    if (status === "failed") failed = step;
    else onProgress({ step, status: status as StepStatus, detail: status === "ok" ? OK_DETAIL[step]?.(plan, input.confirmWindowSec) : undefined });
  });

  let result;
  onProgress({ step: "upload", status: "running" });
  try {
    result = await session.exec(PREPARE_COMMAND, { timeoutMs: 60_000, stdin: prepareScript({ plan, ...input }), onStdout: onLine });
  } catch (error) {
    const reason = `the change was cut off: ${(error as Error).message}`;
    if (armRunning) throw new AfterArmError(armedAt === null ? "arm" : "apply", reason);
    throw error;
  }
  if (result.code === 0 && armedAt !== null) return { armedAt, monitorBefore: parseMonitor(monitorLines), lan };

  const output = (result.stderr || result.stdout).trim().split("\n").filter((l) => !parseMarker(l)).slice(-6).join("\n");
  const step: PushStep = failed ?? "upload";
  const reason = result.code === PREPARE_EXIT.busy ? output : `${step} failed (exit ${result.code ?? result.signal}): ${output}`;
  onProgress({ step, status: "failed", detail: reason });
  if (result.code === PREPARE_EXIT.busy) throw new PushRefusedError(reason);
  // A stage before the apply that failed changed nothing (a failed arm leaves at most its own marker file).
  if (armRunning && !isBeforeApply(result.code)) throw new AfterArmError(step, reason);
  throw new PushStepError(step, reason, false);
}

function isBeforeApply(code: number | null): boolean {
  return code === PREPARE_EXIT.upload || code === PREPARE_EXIT.check || code === PREPARE_EXIT.snapshot || code === PREPARE_EXIT.arm;
}

function parseMonitor(lines: string[]): MonitorState | null {
  if (lines.length === 0) return null;
  try {
    return parseMonitorState(lines.join("\n"));
  } catch {
    return null;
  }
}
