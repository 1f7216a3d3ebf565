import "server-only";
import { compileLinux } from "@/lib/domain/compile/linux";
import { ZIntent, type Intent, type IntentInput } from "@/lib/domain/intent";
import { ZTargetOptions, type TargetOptions } from "@/lib/domain/target-options";
import { requireRole, actorName, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { ValidationError } from "../errors";

export type PolicyView = { deviceId: string; intent: Intent; targetOptions: TargetOptions; revision: number; updatedAt: string; updatedBy: string };

// Saving records what the admin wants; nothing reaches the device until a push. The stored form is the parsed
// intent (defaults filled in), so a later change of defaults never silently changes a saved policy.
export async function savePolicy(ctx: ServiceContext, deviceId: string, input: IntentInput): Promise<PolicyView> {
  requireRole(ctx, "operator");
  const intent = ZIntent.parse(input);
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  if (device.kind === "linux") refuseWhatLinuxCannotHave(intent);
  const json = JSON.stringify(intent);
  const row = await ctx.db.devicePolicy.upsert({
    where: { deviceId },
    create: { deviceId, intent: json, updatedBy: actorName(ctx.actor) },
    update: { intent: json, revision: { increment: 1 }, updatedBy: actorName(ctx.actor) },
  });
  return toPolicyView(row);
}

export function toPolicyView(row: { deviceId: string; intent: string; targetOptions: string; revision: number; updatedAt: Date; updatedBy: string }): PolicyView {
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
 * The intent is shared by both kinds, so it accepts what only RouterOS can have (interface names with spaces or longer
 * than 15 characters, server pools so far). On a Linux gateway that is refused when it is saved, not at the push.
 */
function refuseWhatLinuxCannotHave(intent: Intent): void {
  try {
    compileLinux(intent, { flavour: "nftables" });
  } catch (error) {
    throw new ValidationError(`this intent cannot be realised on a Linux gateway: ${error instanceof Error ? error.message : String(error)}`);
  }
}
