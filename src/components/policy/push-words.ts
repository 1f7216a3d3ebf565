// Pushes in the admin's words, shared by the push panel, the removal and the history. Pure, so the page (a
// server component) and the client components use the same vocabulary.

export type PushStatus = "running" | "confirmed" | "unchanged" | "rolled_back" | "refused" | "failed";
export type PushStepRecord = { step: string; status: "running" | "ok" | "failed" | "skipped"; at: string; detail?: string };
export type PushRecord = {
  id: string;
  status: PushStatus;
  error: string | null;
  planHash: string;
  revision: number | null;
  steps: PushStepRecord[];
};

export const PUSH_STATUS_TEXT: Record<PushStatus, string> = {
  running: "running",
  confirmed: "confirmed",
  unchanged: "unchanged: the device already had this plan",
  rolled_back: "rolled back: the device is as it was before",
  refused: "refused: nothing was changed on the device",
  failed: "failed",
};

/** Short form for the history table. */
export const PUSH_STATUS_SHORT: Record<PushStatus, string> = {
  running: "running",
  confirmed: "confirmed",
  unchanged: "unchanged",
  rolled_back: "rolled back",
  refused: "refused",
  failed: "failed",
};

export const PUSH_STATUS_CLASS: Record<PushStatus, string> = {
  running: "text-sky-700",
  confirmed: "text-emerald-700",
  unchanged: "text-slate-600",
  rolled_back: "text-amber-800",
  refused: "text-amber-800",
  failed: "text-rose-700",
};

const STEP_TEXT: Record<string, string> = {
  inspect: "Inspect the device",
  compile: "Compile the plan",
  connect: "Connect",
  upload: "Upload",
  check: "Check the ruleset",
  snapshot: "Snapshot for rollback",
  arm: "Arm the automatic rollback",
  apply: "Apply",
  gate: "Health gate",
  confirm: "Confirm",
  rollback: "Roll back",
  settle: "Settle after a dashboard restart",
};

export const stepText = (step: string): string => STEP_TEXT[step] ?? step;

export const STEP_STATUS_TEXT: Record<PushStepRecord["status"], string> = { running: "in progress", ok: "done", failed: "failed", skipped: "skipped" };

export const isFinished = (push: Pick<PushRecord, "status">): boolean => push.status !== "running";
export const isGood = (push: Pick<PushRecord, "status">): boolean => push.status === "confirmed" || push.status === "unchanged";

/** A removal is a push without a plan: it never compiles, so it has no plan hash, and it names no revision. */
export const isRemoval = (push: Pick<PushRecord, "planHash" | "revision">): boolean => push.planHash === "" && push.revision === null;

/**
 * Whether Waymark's objects are on the device, from its history (newest first): the last push that took effect was
 * a plan, not a removal. Failed and rolled-back pushes left the device as it was, so they do not count.
 */
export function hasWaymarkOnDevice(pushes: readonly Pick<PushRecord, "status" | "planHash" | "revision">[]): boolean {
  const lastEffective = pushes.find(isGood);
  return lastEffective !== undefined && !isRemoval(lastEffective);
}

/** Each step once, where it first appeared, with its last word (running, then what became of it). */
export function latestSteps(steps: readonly PushStepRecord[]): PushStepRecord[] {
  const byStep = new Map<string, PushStepRecord>();
  for (const step of steps) byStep.set(step.step, step);
  return [...byStep.values()];
}

/** One sentence for a finished push or removal: "Push refused: nothing was changed on the device — <why>". */
export function pushSummary(push: Pick<PushRecord, "status" | "error">, what: "Push" | "Removal"): string {
  return `${what} ${PUSH_STATUS_TEXT[push.status]}${push.error ? ` — ${push.error}` : ""}`;
}
