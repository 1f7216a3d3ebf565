import "server-only";
import { z } from "zod";
import { newId } from "@/lib/auth/tokens";
import { compileLinux } from "@/lib/domain/compile/linux";
import type { Intent } from "@/lib/domain/intent";
import { linuxGateway } from "@/lib/devices/linux/gateway";
import type { PushProgress } from "@/lib/devices/linux/push/types";
import type { LinuxTarget } from "@/lib/devices/driver";
import { recordAuditEvent } from "../audit";
import { actorName, requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow, toTarget } from "../devices/internal";
import { ConflictError } from "../errors";
import { planHash, toPushView, tryLockDevice, unlockDevice, type PushStepRecord, type PushView } from "./internal";
import { savedIntent } from "./preview-plan";

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
  const intent = await savedIntent(ctx, deviceId);
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  // Before any row exists: a row left "running" by a refusal here would block every later push to the device.
  const target = toTarget(device);
  if (target.kind !== "linux") throw new ConflictError("only Linux gateways can be pushed to yet");
  if (!tryLockDevice(deviceId)) throw new ConflictError("a push to this device is already in flight; wait for it to finish");
  try {
    if (await ctx.db.push.findFirst({ where: { deviceId, status: "running" } })) {
      throw new ConflictError("a push to this device is already in flight; wait for it to finish");
    }
    const row = await ctx.db.push.create({
      data: { id: newId(), deviceId, intent: JSON.stringify(intent), plan: "{}", planHash: "", status: "running", reason, actorName: actorName(ctx.actor) },
    });
    void runPush(ctx, { pushId: row.id, deviceId, target, intent, confirmWindowSec }).finally(() => unlockDevice(deviceId));
    return toPushView(row);
  } catch (error) {
    unlockDevice(deviceId);
    throw error;
  }
}

type PushJob = { pushId: string; deviceId: string; target: LinuxTarget; intent: Intent; confirmWindowSec: number };

async function runPush(ctx: ServiceContext, { pushId, deviceId, target, intent, confirmWindowSec }: PushJob): Promise<void> {
  const steps: PushStepRecord[] = [];
  // Progress writes go one after another (a later one must never be overtaken by an earlier, shorter list), and
  // finish() waits for them, so the final record is never overwritten by a stale progress write.
  let progressWrites: Promise<void> = Promise.resolve();
  const record: PushProgress = (event) => {
    steps.push({ ...event, at: new Date().toISOString() });
    const snapshot = JSON.stringify(steps);
    progressWrites = progressWrites.then(() => ctx.db.push.update({ where: { id: pushId }, data: { steps: snapshot } }).then(() => undefined, () => undefined));
  };
  try {
    const gateway = linuxGateway(target);
    const inspection = await gateway.inspect();
    const flavour = inspection.has.nft ? "nftables" : "iptables";
    const plan = compileLinux(intent, { flavour });
    const hash = planHash(plan);
    await ctx.db.push.update({ where: { id: pushId }, data: { plan: JSON.stringify(plan), planHash: hash } });
    const lastConfirmed = await ctx.db.push.findFirst({
      where: { deviceId, status: { in: ["confirmed", "unchanged"] } },
      orderBy: { startedAt: "desc" },
    });
    const outcome = await gateway.push(plan, {
      pushId, planHash: hash, lastAppliedTableHash: lastConfirmed?.appliedHash ?? null, confirmWindowSec, gateTimeoutMs: 20_000, onProgress: record,
    });
    await progressWrites;
    await finish(ctx, pushId, steps, outcome.outcome, "appliedHash" in outcome ? { appliedHash: outcome.appliedHash } : { error: outcome.reason });
  } catch (error) {
    await progressWrites;
    await finish(ctx, pushId, steps, "failed", { error: error instanceof Error ? error.message : String(error) });
  }
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
