import "server-only";
import { z } from "zod";
import { newId } from "@/lib/auth/tokens";
import { ZTargetOptions } from "@/lib/domain/target-options";
import { env } from "@/lib/env";
import { actorName, requireRole, type ServiceContext } from "../context";
import { ValidationError } from "../errors";
import { getDeviceOrThrow } from "../devices/internal";
import { claimDevice, releaseDevice } from "./device-lock";
import { driverForDevice } from "./driver-for-device";
import { toPushView, type PushView } from "./internal";
import { runPush } from "./run-push";

export const RemovePolicyInput = z.strictObject({
  reason: z.string().max(500).default(""),
  confirmWindowSec: z.number().int().min(10).max(600).default(30),
});

// "Remove Waymark's policy": an empty plan through the same inspect, push, health gate and rollback, taking away
// every object Waymark created on the device and nothing else. The saved intent stays, so it can be pushed again.
export async function removePolicy(ctx: ServiceContext, deviceId: string, input: z.input<typeof RemovePolicyInput>): Promise<PushView> {
  requireRole(ctx, "operator");
  const { reason, confirmWindowSec } = RemovePolicyInput.parse(input);
  if (env().WAYMARK_PUSH_REASON_REQUIRED && reason.trim() === "")
    throw new ValidationError("reason: say why you remove Waymark's policy (this dashboard requires a reason)");
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  const driver = driverForDevice(device);
  const pushId = newId();
  await claimDevice(ctx.db, deviceId, pushId);
  try {
    const row = await ctx.db.push.create({
      data: {
        id: pushId,
        deviceId,
        intent: "null",
        plan: "{}",
        planHash: "",
        status: "running",
        reason: reason || "remove Waymark's policy",
        actorName: actorName(ctx.actor),
      },
    });
    void runPush(ctx, { pushId, deviceId, driver, intent: null, targetOptions: ZTargetOptions.parse({}), confirmWindowSec });
    return toPushView(row);
  } catch (error) {
    await releaseDevice(ctx.db, deviceId, pushId);
    throw error;
  }
}
