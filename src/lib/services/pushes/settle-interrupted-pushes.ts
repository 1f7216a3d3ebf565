import "server-only";
import type { Db } from "@/lib/db/client";
import type { DevicePlan, SettledPush } from "@/lib/devices";
import { messageOf } from "@/lib/devices/push-progress";
import { recordAuditEvent } from "../audit";
import { serviceContext } from "../context";
import { LOCK_STALE_MS } from "./device-lock";
import { driverForDevice } from "./driver-for-device";
import { StepRecords } from "./internal";
import { readStoredPlan, StoredPlanError } from "./stored-plan";

// A push runs inside a dashboard process; if that process stopped mid-push its record still says "running" and its
// lock row goes stale. Instead of guessing, ask the device how it ended: its rollback job or armed file still there
// (pending: look again later), the plan in place (confirmed) or not (rolled back by the device). Run at start-up and
// then periodically, so a lock another live process keeps fresh is never taken for an interrupted push.
export async function settleInterruptedPushes(db: Db, now = new Date()): Promise<number> {
  const staleBefore = new Date(now.getTime() - LOCK_STALE_MS);
  const running = await db.push.findMany({ where: { status: "running" }, include: { device: { include: { lock: true } } } });
  let settled = 0;
  for (const push of running) {
    const lock = push.device.lock;
    if (lock && lock.pushId === push.id && lock.claimedAt > staleBefore) continue;
    // A removal has no stored plan: the device judges it by what of Waymark's is left on it (settle with null).
    const verdict = push.intent === "null" ? await askAbout(push.device, null, push.id) : await askDevice(push.device, push.plan, push.id);
    if (verdict.outcome === "pending") continue;
    await record(db, push, verdict);
    settled += 1;
  }
  return settled;
}

type Verdict = SettledPush | { outcome: "failed"; detail: string };

async function askDevice(device: Parameters<typeof driverForDevice>[0], planJson: string, pushId: string): Promise<Verdict> {
  let plan: DevicePlan | null;
  try {
    plan = readStoredPlan(pushId, planJson);
  } catch (error) {
    if (!(error instanceof StoredPlanError)) throw error;
    // Without its plan the device cannot be asked; saying so beats leaving the push "running" for ever.
    return { outcome: "failed", detail: `${error.message}, so the device was not asked how the push ended` };
  }
  // Stopped before a plan was compiled: nothing reached the device.
  if (plan === null) return { outcome: "rolled_back", detail: "the dashboard stopped before anything was sent to the device" };
  return askAbout(device, plan, pushId);
}

async function askAbout(device: Parameters<typeof driverForDevice>[0], plan: DevicePlan | null, pushId: string): Promise<Verdict> {
  try {
    return await driverForDevice(device).settle(plan, pushId);
  } catch (error) {
    return { outcome: "pending", detail: `the device could not be asked (${messageOf(error)}); asking again later` };
  }
}

async function record(db: Db, push: { id: string; deviceId: string; steps: string }, verdict: Verdict): Promise<void> {
  const steps = StepRecords.parse(JSON.parse(push.steps));
  steps.push({ step: "settle", status: verdict.outcome === "confirmed" ? "ok" : "failed", at: new Date().toISOString(), detail: verdict.detail });
  await db.push.update({
    where: { id: push.id },
    data: {
      status: verdict.outcome,
      steps: JSON.stringify(steps),
      appliedHash: verdict.outcome === "confirmed" ? verdict.appliedHash : null,
      error: verdict.outcome === "confirmed" ? null : `the dashboard stopped during the push; ${verdict.detail}`,
      finishedAt: new Date(),
    },
  });
  await db.deviceLock.deleteMany({ where: { deviceId: push.deviceId, pushId: push.id } });
  await recordAuditEvent(serviceContext({ type: "system", job: "settle-pushes" }, null), {
    action: "push.settle",
    target: push.deviceId,
    outcome: verdict.outcome === "failed" ? "error" : "ok",
    detail: { push: push.id, status: verdict.outcome },
  });
}
