import "server-only";
import type { Device } from "@/lib/db/generated/sqlite/client";
import { VERSION_UNKNOWN } from "@/lib/devices";
import { ZIntent, type Intent, type IntentInput } from "@/lib/domain/intent";
import { ZTargetOptions, type TargetOptions } from "@/lib/domain/target-options";
import { requireRole, actorName, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { ValidationError } from "../errors";
import { driverForDevice } from "../pushes/driver-for-device";

export type PolicyView = { deviceId: string; intent: Intent; targetOptions: TargetOptions; revision: number; updatedAt: string; updatedBy: string };

// Saving records what the admin wants; nothing reaches the device until a push. The stored form is the parsed
// intent (defaults filled in), so a later change of defaults never silently changes a saved policy.
export async function savePolicy(ctx: ServiceContext, deviceId: string, input: IntentInput): Promise<PolicyView> {
  requireRole(ctx, "operator");
  const intent = ZIntent.parse(input);
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  refuseWhatTheDeviceKindCannotHave(device, intent);
  const json = JSON.stringify(intent);
  const row = await ctx.db.devicePolicy.upsert({
    where: { deviceId },
    create: { deviceId, intent: json, updatedBy: actorName(ctx.actor) },
    update: { intent: json, revision: { increment: 1 }, updatedBy: actorName(ctx.actor) },
  });
  return toPolicyView(row);
}

export function toPolicyView(row: {
  deviceId: string;
  intent: string;
  targetOptions: string;
  revision: number;
  updatedAt: Date;
  updatedBy: string;
}): PolicyView {
  return {
    deviceId: row.deviceId,
    intent: ZIntent.parse(JSON.parse(row.intent)),
    targetOptions: ZTargetOptions.parse(JSON.parse(row.targetOptions)),
    revision: row.revision,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

/**
 * The intent is shared by both kinds, so it accepts what only one kind can realise (interface names with spaces or
 * longer than 15 characters, server pools, which Linux gateways cannot take yet). That is refused when it is saved,
 * not at the push: the device's adapter compiles it offline, and only an unknown software version is left for later.
 */
function refuseWhatTheDeviceKindCannotHave(device: Device, intent: Intent): void {
  const compiled = driverForDevice(device).compile(intent, null, { targetOptions: ZTargetOptions.parse({}) });
  const errors = compiled.warnings.filter((w) => w.severity === "error" && w.code !== VERSION_UNKNOWN);
  if (errors.length > 0) throw new ValidationError(`this intent cannot be realised on this device: ${errors.map((w) => w.message).join("; ")}`);
}
