import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { FailoverDrill } from "@/lib/db/generated/sqlite/client";
import { DRILL_OUTCOMES, ZDrillEvents, type DrillView } from "@/lib/domain/drill";
import type { DevicePlan } from "@/lib/devices";
import { PreconditionFailedError } from "../errors";
import { readStoredPlan, StoredPlanError } from "../pushes/stored-plan";

export type { DrillView };

// Stored JSON is read back through its schema, as pushes' steps are.
export function toDrillView(row: FailoverDrill): DrillView {
  return {
    id: row.id,
    deviceId: row.deviceId,
    link: row.link,
    durationS: row.durationS,
    outcome: z.enum(DRILL_OUTCOMES).parse(row.outcome),
    events: ZDrillEvents.parse(JSON.parse(row.events)),
    detectionMs: row.detectionMs,
    switchMs: row.switchMs,
    recoveryMs: row.recoveryMs,
    detail: row.detail,
    actorName: row.actorName,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}

/** The plan the device runs: the one the last confirmed (or unchanged) push left there. */
export async function runningPlan(db: Db, deviceId: string): Promise<{ plan: DevicePlan; appliedHash: string | null }> {
  const push = await db.push.findFirst({ where: { deviceId, status: { in: ["confirmed", "unchanged"] } }, orderBy: { startedAt: "desc" } });
  if (!push || push.intent === "null") throw new PreconditionFailedError("push a policy to this device first: a drill fails over between the links it runs");
  try {
    const plan = readStoredPlan(push.id, push.plan);
    if (plan) return { plan, appliedHash: push.appliedHash };
  } catch (error) {
    if (!(error instanceof StoredPlanError)) throw error;
    throw new PreconditionFailedError(`${error.message}; push the policy again before a drill`);
  }
  throw new PreconditionFailedError(`push ${push.id} stored no plan; push the policy again before a drill`);
}
