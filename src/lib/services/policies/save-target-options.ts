import "server-only";
import { z } from "zod";
import { ZTargetOptions } from "@/lib/domain/target-options";
import { requireRole, actorName, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { PreconditionFailedError } from "../errors";
import { toPolicyView, type PolicyView } from "./save-policy";
import { reasonOrRefuse, recordRevision, ZSaveReason } from "./revisions-internal";

export const SaveTargetOptionsInput = z.strictObject({ ...ZTargetOptions.shape, reason: ZSaveReason.optional() });

// The device-side choices (e.g. PCC or ECMP on a MikroTik) belong to a saved policy; nothing is pushed. Changing
// them is a new revision like any other save.
export async function saveTargetOptions(ctx: ServiceContext, deviceId: string, input: z.input<typeof SaveTargetOptionsInput>): Promise<PolicyView> {
  requireRole(ctx, "operator");
  const { reason, ...optionsInput } = SaveTargetOptionsInput.parse(input);
  const options = ZTargetOptions.parse(optionsInput);
  const why = reasonOrRefuse(reason);
  await getDeviceOrThrow(ctx.db, deviceId);
  const row = await ctx.db.$transaction(async (tx) => {
    const existing = await tx.devicePolicy.findUnique({ where: { deviceId } });
    if (!existing) throw new PreconditionFailedError("this device has no saved policy yet; save the intent first");
    const saved = await tx.devicePolicy.update({
      where: { deviceId },
      data: { targetOptions: JSON.stringify(options), revision: { increment: 1 }, updatedBy: actorName(ctx.actor) },
    });
    await recordRevision(tx, saved, why);
    return saved;
  });
  return toPolicyView(row);
}
