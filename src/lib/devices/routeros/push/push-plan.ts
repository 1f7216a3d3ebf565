import "server-only";

import { createHash } from "node:crypto";

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import { diffRouterOs, type DiffStep } from "@/lib/domain/diff/routeros";

import { messageOf, stepper, type Stepper } from "../../push-progress";
import { PushRefusedError, PushStepError, type PushOutcome, type PushProgress } from "../../push-types";
import type { RouterOsClient } from "../api-client";
import { applyStep, describeStep, IdBook } from "./apply";
import { runGateWithin } from "./gate";
import { inspectRouter, type RouterInspection } from "./inspect";
import { armRollback, disarm, takeSafeMode, uploadRollback } from "./protection";
import { isConnectionLost } from "./progress";
import { rollBackAfterDrop, rollBackLive, type Armed } from "./recover";
import { rollbackNames } from "./rollback-script";
import { confirmPush, removeConnections } from "./confirm";

export type RouterOsPushOptions = {
  pushId: string;
  /** How long the router waits for Waymark's confirm before its scheduler job rolls the change back. */
  confirmWindowSec: number;
  onProgress: PushProgress;
};

/** Opens a new logged-in API session to the router. */
export type OpenSession = () => Promise<RouterOsClient>;

// connect → inspect → diff (nothing to do: unchanged) → snapshot (upload the rollback script) → arm (scheduler job,
// then safe mode where the router has it) → apply the steps → health gate over a NEW session → confirm (remove the
// job and the script, release safe mode). After the arm every failure ends in the old state: undone at once over
// the live session, or by the router's own job when Waymark lost it.
export async function pushRouterOsPlan(
  open: OpenSession,
  plan: RouterOsPlan,
  options: RouterOsPushOptions,
  inspected?: RouterInspection,
): Promise<PushOutcome> {
  const step = stepper(options.onProgress);
  let client: RouterOsClient;
  try {
    client = await step("connect", open, () => "API session open");
  } catch (error) {
    return { outcome: "failed", reason: messageOf(error) };
  }
  try {
    // An inspection made by the caller (the push's first step) is used as it is: inspecting twice costs a round of
    // reads and, worse, reports a second "inspect" step.
    const inspection = inspected ? judge(inspected, plan) : await step("inspect", () => inspect(client, plan), describeInspection);
    const steps = diffRouterOs(plan.objects, inspection.current, { version: plan.version });
    if (steps.length === 0) {
      await removeConnections(client, plan, options.onProgress);
      return { outcome: "unchanged", appliedHash: appliedHash(plan) };
    }
    return await protectAndApply({ client, open, plan, options, step, inspection, steps });
  } catch (error) {
    if (error instanceof PushRefusedError) return { outcome: "refused", reason: error.message };
    return { outcome: "failed", reason: messageOf(error) };
  } finally {
    await client.close();
  }
}

/** Kept free at the end of the confirm window for the confirm itself. */
const CONFIRM_RESERVE_MS = 3_000;

export const appliedHash = (plan: RouterOsPlan): string => createHash("sha256").update(JSON.stringify(plan.objects)).digest("hex");

async function inspect(client: RouterOsClient, plan: RouterOsPlan): Promise<RouterInspection> {
  return judge(await inspectRouter(client, plan), plan);
}

/** Refuses a plan this router cannot take now: another major version, or an earlier push still armed. */
function judge(inspection: RouterInspection, plan: RouterOsPlan): RouterInspection {
  const wanted = Number(plan.version);
  if (inspection.major !== wanted) {
    throw new PushStepError("inspect", `this plan is for RouterOS v${plan.version}, but the router runs ${inspection.version}`, false);
  }
  if (inspection.armedJobs.length > 0) {
    throw new PushRefusedError(`another push is armed on this router (${inspection.armedJobs.join(", ")}); wait for it to confirm or roll back`);
  }
  return inspection;
}

const describeInspection = (i: RouterInspection): string =>
  [
    `${i.identity} (${i.model}, RouterOS ${i.version}), safe mode ${i.safeMode ? "available" : "not available"}`,
    ...i.warnings.map((w) => `warning: ${w}`),
  ].join("; ");

type PushContext = {
  client: RouterOsClient;
  open: OpenSession;
  plan: RouterOsPlan;
  options: RouterOsPushOptions;
  step: Stepper;
  inspection: RouterInspection;
  steps: DiffStep[];
};

async function protectAndApply(ctx: PushContext): Promise<PushOutcome> {
  const { client, options, step, inspection, steps } = ctx;
  const names = rollbackNames(options.pushId);
  const armed: Armed = {
    names,
    armedAt: 0,
    confirmWindowSec: options.confirmWindowSec,
    safeMode: false,
    before: inspection.current,
    version: ctx.plan.version,
    open: ctx.open,
    onProgress: options.onProgress,
  };
  // Until the first step is applied the router holds nothing but the script and the job: take those away again.
  try {
    await step(
      "snapshot",
      () => uploadRollback(client, options.pushId, names, steps, inspection.current, ctx.plan.version),
      () => `rollback script ${names.script} holds the inverse of ${steps.length} change(s)`,
    );
    await step(
      "arm",
      () => armRollback(client, names, options.confirmWindowSec),
      () => `scheduler job ${names.job} rolls back in ${options.confirmWindowSec} s unless confirmed`,
    );
    armed.armedAt = Date.now();
    if (inspection.safeMode) {
      const safeMode = await step(
        "arm",
        () => takeSafeMode(client),
        (r) => (r.taken ? "safe mode taken" : `safe mode ${r.why}; the scheduler job alone protects this push`),
      );
      armed.safeMode = safeMode.taken;
    }
  } catch (error) {
    await cleanUpUnarmed(ctx, names);
    throw error;
  }
  const ids = new IdBook();
  const applied: DiffStep[] = [];
  try {
    await step(
      "apply",
      () => applyAll(ctx, ids, applied),
      () => `${applied.length} change(s) applied`,
    );
  } catch (error) {
    const failed = steps[applied.length];
    const reason = `apply failed at ${failed ? describeStep(failed) : "the end"}: ${messageOf(error)}`;
    if (isConnectionLost(error, client)) {
      await client.close(); // a timed-out session is still open: end it (and its safe mode) before judging the router
      return rollBackAfterDrop(armed, reason);
    }
    // A set is several sentences (set, then one unset each) and may have half happened; undoing it is harmless
    // either way, since it writes back the values printed before. Every other step is one sentence.
    if (failed?.kind === "set") applied.push(failed);
    if (applied.length === 0) {
      await cleanUpUnarmed(ctx, names);
      return { outcome: "failed", reason };
    }
    return rollBackLive(client, applied, ids, armed, reason);
  }
  const budgetMs = Math.max(1_000, armed.armedAt + options.confirmWindowSec * 1000 - CONFIRM_RESERVE_MS - Date.now());
  options.onProgress({ step: "gate", status: "running" });
  const gate = await runGateWithin(ctx.open, ctx.plan, budgetMs);
  // A gate that did not pass is a failed step, whatever comes after it (the rollback has steps of its own).
  options.onProgress(gate.passed ? { step: "gate", status: "ok", detail: gate.detail } : { step: "gate", status: "failed", detail: gate.reason });
  if (!gate.passed) {
    if (client.closed) return rollBackAfterDrop(armed, `health gate failed: ${gate.reason}`);
    return rollBackLive(client, applied, ids, armed, `health gate failed: ${gate.reason}`);
  }
  return confirmPush(client, ctx.plan, armed, step, appliedHash(ctx.plan));
}

async function applyAll(ctx: PushContext, ids: IdBook, applied: DiffStep[]): Promise<void> {
  for (const [index, diffStep] of ctx.steps.entries()) {
    await applyStep(ctx.client, diffStep, ids);
    applied.push(diffStep);
    ctx.options.onProgress({ step: "apply", status: "running", detail: `${index + 1}/${ctx.steps.length} ${describeStep(diffStep)}` });
  }
}

/** Before anything changed: take away the script and a job that may have been added, best effort. */
async function cleanUpUnarmed(ctx: PushContext, names: ReturnType<typeof rollbackNames>): Promise<void> {
  let session = ctx.client;
  try {
    if (session.closed) session = await ctx.open();
    await disarm(session, names);
  } catch {
    // A job left behind runs a script that changes nothing (nothing was applied) and then removes itself.
  } finally {
    if (session !== ctx.client) await session.close();
  }
}
