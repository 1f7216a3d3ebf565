import "server-only";
import { z } from "zod";
import { describeIntentChanges, describeTargetOptionChanges, ZIntent, type Intent, type IntentChange } from "@/lib/domain/intent";
import { ZTargetOptions, type TargetOptions } from "@/lib/domain/target-options";
import { env } from "@/lib/env";
import { ValidationError } from "../errors";
import type { Tx } from "../serializable";

/** Why a policy was saved: kept with its revision, shown in the history and the CSV export. */
export const ZSaveReason = z.string().max(500);

export type PolicyRevisionView = {
  deviceId: string;
  revision: number;
  intent: Intent;
  targetOptions: TargetOptions;
  savedBy: string;
  savedAt: string;
  reason: string;
};

/** The setting that makes every push say why makes every save say why too: the revision keeps it. */
export function reasonOrRefuse(reason: string | undefined): string {
  const text = (reason ?? "").trim();
  if (env().WAYMARK_PUSH_REASON_REQUIRED && text === "") {
    throw new ValidationError("reason: say why you change this policy (this dashboard requires a reason for every change)");
  }
  return text;
}

type PolicyRow = { deviceId: string; intent: string; targetOptions: string; revision: number; updatedAt: Date; updatedBy: string };

/** Written in the transaction that moved DevicePolicy to `row.revision`, so every revision number has its row. */
export async function recordRevision(tx: Tx, row: PolicyRow, reason: string): Promise<void> {
  await tx.policyRevision.create({
    data: {
      deviceId: row.deviceId,
      revision: row.revision,
      intent: row.intent,
      targetOptions: row.targetOptions,
      savedBy: row.updatedBy,
      savedAt: row.updatedAt,
      reason,
    },
  });
}

type RevisionRow = { deviceId: string; revision: number; intent: string; targetOptions: string; savedBy: string; savedAt: Date; reason: string };

// Stored JSON is read back through its schema, like every stored intent.
export function toRevisionView(row: RevisionRow): PolicyRevisionView {
  return {
    deviceId: row.deviceId,
    revision: row.revision,
    intent: ZIntent.parse(JSON.parse(row.intent)),
    targetOptions: ZTargetOptions.parse(JSON.parse(row.targetOptions)),
    savedBy: row.savedBy,
    savedAt: row.savedAt.toISOString(),
    reason: row.reason,
  };
}

/**
 * What `view` changed against `previous` (the revision before it). With none: the first policy, unless earlier
 * revisions were saved before revisions were kept (the migration recorded only each device's policy at the time).
 */
export function changesSince(previous: PolicyRevisionView | null, view: PolicyRevisionView): IntentChange[] {
  if (previous === null && view.revision > 1) {
    return [{ subject: "policy", text: `revision ${view.revision} is the first one recorded; earlier revisions were not kept` }];
  }
  return [...describeIntentChanges(previous?.intent ?? null, view.intent), ...describeTargetOptionChanges(previous?.targetOptions ?? null, view.targetOptions)];
}
