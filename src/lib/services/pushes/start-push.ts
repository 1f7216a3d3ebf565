import "server-only";
import { z } from "zod";
import { newId } from "@/lib/auth/tokens";
import { env } from "@/lib/env";
import { actorName, requireRole, type ServiceContext } from "../context";
import { ConflictError, ValidationError } from "../errors";
import { claimDevice, releaseDevice } from "./device-lock";
import { driverForDevice } from "./driver-for-device";
import { toPushView, type PushView } from "./internal";
import { savedPolicy } from "./preview-plan";
import { runPush } from "./run-push";

export const StartPushInput = z.strictObject({
  reason: z.string().max(500).default(""),
  /** How long the device waits for Waymark's confirmation before it rolls back by itself. */
  confirmWindowSec: z.number().int().min(10).max(600).default(30),
  /** The policy revision the admin reviewed; a push of any other revision is refused (someone saved since). */
  revision: z.number().int().min(1).optional(),
});

// Starts a push and returns at once; it runs in the background and writes its steps to the push record as they
// happen (GET /pushes/{id}, which can wait for the end). The device is claimed in the database first, so a second
// push to it — from this process or another dashboard on the same database — is refused while one runs.
export async function startPush(ctx: ServiceContext, deviceId: string, input: z.input<typeof StartPushInput>): Promise<PushView> {
  requireRole(ctx, "operator");
  const { reason, confirmWindowSec, revision } = StartPushInput.parse(input);
  const policy = await savedPolicy(ctx, deviceId);
  if (revision !== undefined && revision !== policy.revision) {
    throw new ConflictError(
      `the saved policy is at revision ${policy.revision}, not ${revision}: someone saved it since you reviewed it; review the newest revision and push again`,
    );
  }
  if (env().WAYMARK_PUSH_REASON_REQUIRED && reason.trim() === "")
    throw new ValidationError("reason: say why you push this change (this dashboard requires a reason)");
  const driver = driverForDevice(policy.device);
  const pushId = newId();
  await claimDevice(ctx.db, deviceId, pushId);
  try {
    const row = await ctx.db.push.create({
      data: {
        id: pushId,
        deviceId,
        intent: JSON.stringify(policy.intent),
        plan: "{}",
        planHash: "",
        status: "running",
        reason,
        revision: policy.revision,
        actorName: actorName(ctx.actor),
      },
    });
    void runPush(ctx, { pushId, deviceId, driver, intent: policy.intent, targetOptions: policy.targetOptions, confirmWindowSec });
    return toPushView(row);
  } catch (error) {
    await releaseDevice(ctx.db, deviceId, pushId);
    throw error;
  }
}
