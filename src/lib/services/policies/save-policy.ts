import "server-only";
import { z } from "zod";
import type { Device } from "@/lib/db/generated/sqlite/client";
import { VERSION_UNKNOWN } from "@/lib/devices";
import { ZIntent, type Intent } from "@/lib/domain/intent";
import { ZTargetOptions, type TargetOptions } from "@/lib/domain/target-options";
import { requireRole, actorName, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { ConflictError, ValidationError } from "../errors";
import { driverForDevice } from "../pushes/driver-for-device";
import { serializable, type Tx } from "../serializable";
import { reasonOrRefuse, recordRevision, ZSaveReason } from "./revisions-internal";

export type PolicyView = { deviceId: string; intent: Intent; targetOptions: TargetOptions; revision: number; updatedAt: string; updatedBy: string };

/**
 * The intent's own fields plus why it is saved, the revision the admin's edit started from (`baseRevision`: the save
 * is refused when someone saved since) and, optionally, the device-side choices saved in the same revision (a revert
 * restores both). The intent's cross-field rules (unique names, pins to known links) are checked when the service
 * parses the intent itself.
 */
export const SavePolicyInput = z.strictObject({
  ...ZIntent.shape,
  reason: ZSaveReason.optional(),
  baseRevision: z.number().int().min(1).optional(),
  targetOptions: ZTargetOptions.optional(),
});

// Saving records what the admin wants; nothing reaches the device until a push. The stored form is the parsed
// intent (defaults filled in), so a later change of defaults never silently changes a saved policy. Every save is
// a revision (PolicyRevision), written in the same transaction, so the history has each one and who saved it why.
export async function savePolicy(ctx: ServiceContext, deviceId: string, input: z.input<typeof SavePolicyInput>): Promise<PolicyView> {
  requireRole(ctx, "operator");
  const { reason, baseRevision, targetOptions, ...intentInput } = input;
  const intent = ZIntent.parse(intentInput);
  const base = z.number().int().min(1).optional().parse(baseRevision);
  const options = targetOptions === undefined ? undefined : JSON.stringify(ZTargetOptions.parse(targetOptions));
  const why = reasonOrRefuse(ZSaveReason.optional().parse(reason));
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  refuseWhatTheDeviceKindCannotHave(device, intent);
  const json = JSON.stringify(intent);
  // The base is checked in the transaction that writes: two saves from the same base give one success and one
  // refusal (SERIALIZABLE on PostgreSQL runs the loser again, which then sees the winner's revision).
  const row = await serializable(ctx.db, async (tx) => {
    await refuseIfSavedSince(tx, deviceId, base);
    const saved = await tx.devicePolicy.upsert({
      where: { deviceId },
      create: { deviceId, intent: json, ...(options === undefined ? {} : { targetOptions: options }), updatedBy: actorName(ctx.actor) },
      update: { intent: json, ...(options === undefined ? {} : { targetOptions: options }), revision: { increment: 1 }, updatedBy: actorName(ctx.actor) },
    });
    await recordRevision(tx, saved, why);
    return saved;
  });
  return toPolicyView(row);
}

async function refuseIfSavedSince(tx: Tx, deviceId: string, base: number | undefined): Promise<void> {
  if (base === undefined) return;
  const current = await tx.devicePolicy.findUnique({ where: { deviceId }, select: { revision: true } });
  if (current === null) throw new ConflictError(`the policy was removed since you started editing revision ${base}: reload it first`);
  if (current.revision !== base) {
    throw new ConflictError(`someone saved revision ${current.revision} since you started editing revision ${base}: review their change first`);
  }
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
