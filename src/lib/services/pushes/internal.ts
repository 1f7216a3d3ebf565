import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Push } from "@/lib/db/generated/sqlite/client";

export const PUSH_STATUSES = ["running", "confirmed", "unchanged", "rolled_back", "refused", "failed"] as const;

const StepRecord = z.object({
  step: z.string(),
  status: z.enum(["running", "ok", "failed", "skipped"]),
  at: z.string(),
  detail: z.string().optional(),
});
export const StepRecords = z.array(StepRecord);
export type PushStepRecord = z.infer<typeof StepRecord>;

export type PushView = {
  id: string;
  deviceId: string;
  status: (typeof PUSH_STATUSES)[number];
  reason: string;
  error: string | null;
  planHash: string;
  revision: number | null;
  steps: PushStepRecord[];
  actorName: string;
  startedAt: string;
  finishedAt: string | null;
};

/** A plan's identity: the same intent compiled for the same target always hashes the same (compilers are pure). */
export function planHash(plan: object): string {
  return createHash("sha256").update(JSON.stringify(plan)).digest("hex");
}

// Stored JSON is read back through its schema: a row written by an older or broken version fails loudly here.
export function toPushView(row: Push): PushView {
  return {
    id: row.id,
    deviceId: row.deviceId,
    status: z.enum(PUSH_STATUSES).parse(row.status),
    reason: row.reason,
    error: row.error,
    planHash: row.planHash,
    revision: row.revision,
    steps: StepRecords.parse(JSON.parse(row.steps)),
    actorName: row.actorName,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
