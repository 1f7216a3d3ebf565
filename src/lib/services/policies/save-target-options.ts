import "server-only";
import { ZTargetOptions, type TargetOptionsInput } from "@/lib/domain/target-options";
import { requireRole, actorName, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { PreconditionFailedError } from "../errors";
import { toPolicyView, type PolicyView } from "./save-policy";

// The device-side choices (e.g. PCC or ECMP on a MikroTik) belong to a saved policy; nothing is pushed.
export async function saveTargetOptions(ctx: ServiceContext, deviceId: string, input: TargetOptionsInput): Promise<PolicyView> {
  requireRole(ctx, "operator");
  const options = ZTargetOptions.parse(input);
  await getDeviceOrThrow(ctx.db, deviceId);
  const existing = await ctx.db.devicePolicy.findUnique({ where: { deviceId } });
  if (!existing) throw new PreconditionFailedError("this device has no saved policy yet; save the intent first");
  const row = await ctx.db.devicePolicy.update({
    where: { deviceId },
    data: { targetOptions: JSON.stringify(options), revision: { increment: 1 }, updatedBy: actorName(ctx.actor) },
  });
  return toPolicyView(row);
}
