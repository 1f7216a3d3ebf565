import "server-only";
import { z } from "zod";
import { newId } from "@/lib/auth/tokens";
import { compileLinux } from "@/lib/domain/compile/linux";
import { compileRouterOs } from "@/lib/domain/compile/routeros";
import type { Intent } from "@/lib/domain/intent";
import { isRouterOsVersionAtLeast } from "@/lib/domain/routeros-version";
import { routerOsMajor, type TargetOptions } from "@/lib/domain/target-options";
import { linuxGateway } from "@/lib/devices/linux/gateway";
import type { PushOutcome, PushProgress } from "@/lib/devices/push-types";
import { driverFor } from "@/lib/devices";
import { routerOsRouter } from "@/lib/devices/routeros/router";
import type { LinuxTarget, RouterOsTarget } from "@/lib/devices/driver";
import { recordAuditEvent } from "../audit";
import { actorName, requireRole, type ServiceContext } from "../context";
import { CONNECTION_CHECK_TIMEOUT_MS } from "../devices/check-device-connection";
import { toTarget } from "../devices/internal";
import { ConflictError } from "../errors";
import { planHash, toPushView, tryLockDevice, unlockDevice, type PushStepRecord, type PushView } from "./internal";
import { compilePlan, savedPolicy } from "./preview-plan";

export const StartPushInput = z.strictObject({
  reason: z.string().max(500).default(""),
  /** How long the gateway waits for Waymark's confirmation before it rolls back by itself. */
  confirmWindowSec: z.number().int().min(10).max(600).default(30),
});

// Starts a push and returns at once; the push runs in the background and its steps are written to the push
// record as they happen (the UI polls it). A second push to the same device while one runs is refused.
export async function startPush(ctx: ServiceContext, deviceId: string, input: z.input<typeof StartPushInput>): Promise<PushView> {
  requireRole(ctx, "operator");
  const { reason, confirmWindowSec } = StartPushInput.parse(input);
  const { device, intent, targetOptions } = await savedPolicy(ctx, deviceId);
  // Before any row exists: a row left "running" by a refusal here would block every later push to the device.
  const target = toTarget(device);
  if (!tryLockDevice(deviceId)) throw new ConflictError("a push to this device is already in flight; wait for it to finish");
  try {
    if (await ctx.db.push.findFirst({ where: { deviceId, status: "running" } })) {
      throw new ConflictError("a push to this device is already in flight; wait for it to finish");
    }
    const row = await ctx.db.push.create({
      data: { id: newId(), deviceId, intent: JSON.stringify(intent), plan: "{}", planHash: "", status: "running", reason, actorName: actorName(ctx.actor) },
    });
    void runPush(ctx, { pushId: row.id, deviceId, target, intent, targetOptions, confirmWindowSec }).finally(() => unlockDevice(deviceId));
    return toPushView(row);
  } catch (error) {
    unlockDevice(deviceId);
    throw error;
  }
}

type PushJob<T = LinuxTarget | RouterOsTarget> = {
  pushId: string; deviceId: string; target: T; intent: Intent; targetOptions: TargetOptions; confirmWindowSec: number;
};

async function runPush(ctx: ServiceContext, job: PushJob): Promise<void> {
  const { pushId } = job;
  const steps: PushStepRecord[] = [];
  // Progress writes go one after another (a later one must never be overtaken by an earlier, shorter list), and
  // finish() waits for them, so the final record is never overwritten by a stale progress write.
  let progressWrites: Promise<void> = Promise.resolve();
  const record: PushProgress = (event) => {
    steps.push({ ...event, at: new Date().toISOString() });
    const snapshot = JSON.stringify(steps);
    progressWrites = progressWrites.then(() => ctx.db.push.update({ where: { id: pushId }, data: { steps: snapshot } }).then(() => undefined, () => undefined));
  };
  const storePlan = (plan: object) => {
    const hash = planHash(plan);
    return ctx.db.push.update({ where: { id: pushId }, data: { plan: JSON.stringify(plan), planHash: hash } }).then(() => hash);
  };
  try {
    const outcome = job.target.kind === "linux"
      ? await pushToLinux(ctx, job as PushJob<LinuxTarget>, storePlan, record)
      : await pushToRouterOs(job as PushJob<RouterOsTarget>, storePlan, record);
    await progressWrites;
    await finish(ctx, pushId, steps, outcome.outcome, "appliedHash" in outcome ? { appliedHash: outcome.appliedHash } : { error: outcome.reason });
  } catch (error) {
    await progressWrites;
    await finish(ctx, pushId, steps, "failed", { error: error instanceof Error ? error.message : String(error) });
  }
}

type StorePlan = (plan: object) => Promise<string>;

async function pushToLinux(ctx: ServiceContext, job: PushJob<LinuxTarget>, storePlan: StorePlan, onProgress: PushProgress): Promise<PushOutcome> {
  const gateway = linuxGateway(job.target);
  const inspection = await gateway.inspect();
  const plan = compileLinux(job.intent, { flavour: inspection.has.nft ? "nftables" : "iptables" });
  const hash = await storePlan(plan);
  const lastConfirmed = await ctx.db.push.findFirst({
    where: { deviceId: job.deviceId, status: { in: ["confirmed", "unchanged"] } },
    orderBy: { startedAt: "desc" },
  });
  return gateway.push(plan, {
    pushId: job.pushId, planHash: hash, lastAppliedTableHash: lastConfirmed?.appliedHash ?? null, confirmWindowSec: job.confirmWindowSec, gateTimeoutMs: 20_000, onProgress,
  });
}

// The router says which RouterOS it runs (a login and one read, as Test connection does); the plan is compiled for
// that major version, then pushed as a diff.
async function pushToRouterOs(job: PushJob<RouterOsTarget>, storePlan: StorePlan, onProgress: PushProgress): Promise<PushOutcome> {
  const check = await driverFor(job.target).checkConnection({ timeoutMs: CONNECTION_CHECK_TIMEOUT_MS });
  if (check.status !== "reachable") throw new Error(`the router is not reachable (${check.status}): ${check.message}`);
  const version = routerOsMajor(check.version);
  if (version === null) throw new Error(`unsupported RouterOS version ${check.version}`);
  // 7.0–7.3 lack netwatch probe types and have an unfinished routing rewrite; plans assume 7.4 or later.
  if (version === "7" && !isRouterOsVersionAtLeast(check.version, "7.4")) throw new Error(`RouterOS ${check.version} is too old for Waymark's v7 plans; upgrade to 7.4 or later`);
  const plan = compilePlan(() => compileRouterOs(job.intent, { version, balancer: job.targetOptions.routeros.balancer }));
  await storePlan(plan);
  return routerOsRouter(job.target).push(plan, { pushId: job.pushId, confirmWindowSec: job.confirmWindowSec, onProgress });
}

async function finish(ctx: ServiceContext, pushId: string, steps: PushStepRecord[], status: string, result: { appliedHash?: string; error?: string }) {
  const row = await ctx.db.push.update({
    where: { id: pushId },
    data: { status, steps: JSON.stringify(steps), appliedHash: result.appliedHash || null, error: result.error ?? null, finishedAt: new Date() },
  });
  await recordAuditEvent(ctx, {
    action: "push.finish", target: row.deviceId, outcome: status === "failed" ? "error" : "ok",
    detail: { push: pushId, status, ...(result.error ? { error: result.error } : {}) },
  });
}
