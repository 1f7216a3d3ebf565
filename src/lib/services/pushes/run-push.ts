import "server-only";
import { intentProblemsOnDevice } from "@/lib/domain/device/fit";
import type { Intent } from "@/lib/domain/intent";
import type { TargetOptions } from "@/lib/domain/target-options";
import type { DeviceDriver, DeviceInspection } from "@/lib/devices";
import type { PushOutcome } from "@/lib/devices/push-types";
import { messageOf } from "@/lib/devices/push-progress";
import { recordAuditEvent } from "../audit";
import type { ServiceContext } from "../context";
import { keepClaimed, releaseDevice } from "./device-lock";
import { planHash } from "./internal";
import { StepLog } from "./step-log";

export type PushJob = {
  pushId: string;
  deviceId: string;
  driver: DeviceDriver;
  /** null: remove every object Waymark created instead of pushing a plan. */
  intent: Intent | null;
  targetOptions: TargetOptions;
  confirmWindowSec: number;
};

// One push, whatever the device: inspect (the first step, once) → check the intent fits what the device has →
// compile for what inspection found → the adapter's push (snapshot, arm, apply, gate, confirm or roll back). Every
// step is recorded once with its final status; the device stays claimed (lock row) until the record is final.
export async function runPush(ctx: ServiceContext, job: PushJob): Promise<void> {
  const log = StepLog.forPush(ctx.db, job.pushId);
  const stopHeartbeat = keepClaimed(ctx.db, job.deviceId, job.pushId);
  let outcome: PushOutcome;
  try {
    outcome = await inspectAndPush(ctx, job, log);
  } catch (error) {
    outcome = { outcome: "failed", reason: messageOf(error) };
  } finally {
    stopHeartbeat();
  }
  await log.settled();
  await finish(ctx, job, log, outcome);
}

async function inspectAndPush(ctx: ServiceContext, job: PushJob, log: StepLog): Promise<PushOutcome> {
  log.add("inspect", "running");
  let inspection: DeviceInspection;
  try {
    inspection = await job.driver.inspect();
  } catch (error) {
    log.add("inspect", "failed", messageOf(error));
    return { outcome: "failed", reason: messageOf(error) };
  }
  const lastApplied = await lastAppliedHash(ctx, job.deviceId);
  if (job.intent === null) {
    log.add("inspect", "ok", inspection.summary);
    return job.driver.remove(inspection, {
      pushId: job.pushId,
      planHash: "",
      lastAppliedHash: lastApplied,
      confirmWindowSec: job.confirmWindowSec,
      onProgress: log.record,
    });
  }
  const problems = intentProblemsOnDevice(job.intent, inspection.capabilities);
  if (problems.length > 0) {
    const reason = `the policy names what this device does not have: ${problems.join("; ")}`;
    log.add("inspect", "failed", reason);
    return { outcome: "refused", reason };
  }
  log.add("inspect", "ok", inspection.summary);
  log.add("compile", "running");
  const compiled = job.driver.compile(job.intent, inspection.capabilities, { targetOptions: job.targetOptions });
  const errors = compiled.warnings.filter((w) => w.severity === "error");
  if (compiled.plan === null || errors.length > 0) {
    const reason = errors.map((w) => w.message).join("; ") || "the plan could not be compiled";
    log.add("compile", "failed", reason);
    return { outcome: "refused", reason };
  }
  const hash = planHash(compiled.plan);
  await ctx.db.push.update({ where: { id: job.pushId }, data: { plan: JSON.stringify(compiled.plan), planHash: hash } });
  log.add("compile", "ok", `${compiled.label}; ${compiled.warnings.length} warning(s)`);
  return job.driver.push(compiled.plan, inspection, {
    pushId: job.pushId,
    planHash: hash,
    lastAppliedHash: lastApplied,
    confirmWindowSec: job.confirmWindowSec,
    onProgress: log.record,
  });
}

async function lastAppliedHash(ctx: ServiceContext, deviceId: string): Promise<string | null> {
  const last = await ctx.db.push.findFirst({ where: { deviceId, status: { in: ["confirmed", "unchanged"] } }, orderBy: { startedAt: "desc" } });
  return last?.appliedHash ?? null;
}

async function finish(ctx: ServiceContext, job: PushJob, log: StepLog, outcome: PushOutcome): Promise<void> {
  const appliedHash = "appliedHash" in outcome ? outcome.appliedHash || null : null;
  const error = "reason" in outcome ? outcome.reason : null;
  try {
    await ctx.db.push.update({
      where: { id: job.pushId },
      data: { status: outcome.outcome, steps: JSON.stringify(log.steps()), appliedHash, error, finishedAt: new Date() },
    });
    await recordAuditEvent(ctx, {
      action: job.intent === null ? "push.remove.finish" : "push.finish",
      target: job.deviceId,
      outcome: outcome.outcome === "failed" ? "error" : "ok",
      detail: { push: job.pushId, status: outcome.outcome, ...(error ? { error } : {}) },
    });
  } finally {
    await releaseDevice(ctx.db, job.deviceId, job.pushId);
  }
}
