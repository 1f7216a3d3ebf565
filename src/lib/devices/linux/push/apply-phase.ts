import type { LinuxPlan } from "@/lib/domain/compile/linux";
import { parseMonitorState, type MonitorState } from "../monitor-state";
import type { ExecResult } from "../ssh-client";
import { PushRefusedError, PushStepError, type PushProgress, type PushStep, type StepStatus } from "../../push-types";
import { lanSampleOf, type LanSample } from "./lan-watch";
import { PREPARE_COMMAND, PREPARE_EXIT, prepareScript } from "./prepare-script";
import { lineReader, parseMarker, type Marker, type RootSession } from "./script-kit";

// Runs a one-round-trip change (prepare-script.ts for a push, remove-scripts.ts for a removal) and turns its
// marker lines into the push's progress, as they arrive. What it returns, or the error it throws, says whether the
// dead-man switch was armed: everything after that point must end in a confirm or a rollback.

export type Applied = {
  /** Dashboard clock when the arm step was reported: the switch fires no earlier than the window after this. */
  armedAt: number;
  monitorBefore: MonitorState | null;
  /** New LAN connections forwarded, just before the apply and right after it. */
  lan: { before: LanSample; after: LanSample };
};

/** What a change script reported: armedAt is null when it ended before arming (a removal with nothing to remove). */
export type ChangeRun = Omit<Applied, "armedAt" | "monitorBefore"> & { armedAt: number | null; markers: Marker[] };

/** The exec failed after the switch may have been armed: the caller must roll back (or wait for the switch). */
export class AfterArmError extends PushStepError {
  constructor(step: PushStep, message: string) {
    super(step, message, true);
  }
}

/** A finished stage's detail for the history, from what the script reported so far. */
export type StepDetails = (step: PushStep, markers: readonly Marker[]) => string | undefined;

const pushDetails = (plan: LinuxPlan, windowSec: number): Partial<Record<PushStep, string>> => ({
  upload: "push lock taken; ruleset, apply script and monitor files written in one stream",
  check: `${plan.apply.check[0]} accepted the ruleset`,
  snapshot: "rollback.sh restores Waymark's current table, rules, routes and monitor",
  arm: `the gateway rolls back by itself in ${windowSec} s unless confirmed`,
  apply: "applied; the monitor restarted with the new configuration",
});

const STEPS = new Set<string>(["upload", "check", "snapshot", "arm", "apply"]);

export async function prepareAndApply(
  session: RootSession,
  plan: LinuxPlan,
  input: { pushId: string; monitorScript: string; poolChecksScript?: string; confirmWindowSec: number },
  onProgress: PushProgress,
): Promise<Applied> {
  const details = pushDetails(plan, input.confirmWindowSec);
  const run = await runChange(session, prepareScript({ plan, ...input }), (step) => details[step], onProgress);
  if (run.armedAt === null) throw new PushStepError("arm", "the change ended without arming the rollback switch", false);
  const monitorLines = run.markers.filter((m) => m.kind === "monitor").map((m) => m.rest);
  return { armedAt: run.armedAt, monitorBefore: parseMonitor(monitorLines), lan: run.lan };
}

/** Runs a change script (saved and run by PREPARE_COMMAND); its `step` markers become progress with `details`. */
export async function runChange(session: RootSession, script: string, details: StepDetails, onProgress: PushProgress): Promise<ChangeRun> {
  let armedAt: number | null = null;
  let armRunning = false;
  let failed: PushStep | null = null;
  const markers: Marker[] = [];
  const lan: Applied["lan"] = { before: null, after: null };
  const onLine = lineReader((line) => {
    const marker = parseMarker(line);
    if (!marker) return;
    const [name, status] = marker.words;
    if (marker.kind === "lan" && (name === "before" || name === "after")) lan[name] = lanSampleOf(marker.words);
    if (marker.kind !== "step") markers.push(marker);
    if (marker.kind !== "step" || !name || !STEPS.has(name)) return;
    const step = name as PushStep;
    // Reported when the round trip starts, so the upload's time includes opening the channel and the transfer.
    if (step === "upload" && status === "running") return;
    if (step === "arm" && status === "running") armRunning = true;
    if (step === "arm" && status === "ok") armedAt = Date.now();
    // A failure's reason is on standard error, complete only when the script has ended.
    if (status === "failed") failed = step;
    else onProgress({ step, status: status as StepStatus, detail: status === "ok" ? details(step, markers) : undefined });
  });

  let result: ExecResult;
  onProgress({ step: "upload", status: "running" });
  try {
    result = await session.exec(PREPARE_COMMAND, { timeoutMs: 60_000, stdin: script, onStdout: onLine });
  } catch (error) {
    const reason = `the change was cut off: ${(error as Error).message}`;
    if (armRunning) throw new AfterArmError(armedAt === null ? "arm" : "apply", reason);
    throw error;
  }
  if (result.code === 0 && (armedAt !== null || !armRunning)) return { armedAt, lan, markers };

  const output = (result.stderr || result.stdout)
    .trim()
    .split("\n")
    .filter((l) => !parseMarker(l))
    .slice(-6)
    .join("\n");
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
