import "server-only";
import type { Intent, IntentChange } from "@/lib/domain/intent";
import type { TargetOptions } from "@/lib/domain/target-options";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { NotFoundError } from "../errors";
import { toPushView, type PushView } from "../pushes/internal";
import { readStoredPlan, StoredPlanError } from "../pushes/stored-plan";
import { changesSince, toRevisionView } from "../policies/revisions-internal";
import type { HistoryEntry } from "@/lib/domain/history";
import { outcomeOf, toHistoryPush } from "./history-internal";

/** The exact text a push sent (the .rsc or the gateway's script), or why it cannot be shown. */
export type PlanText = { pushId: string; revision: number | null; startedAt: string; text: string } | { pushId: string; unreadable: string };

export type HistoryDetail = HistoryEntry & {
  intent: Intent;
  targetOptions: TargetOptions;
  /** The revision the meaning-level diff compares with: the one before, or the one asked for (what the device runs). */
  comparedWith: number | null;
  comparedChanges: IntentChange[];
  /** Device-level diff: this revision's newest push with a plan against the confirmed push before it. */
  plans: { before: PlanText | null; after: PlanText | null };
  pushViews: PushView[];
};

// One revision in full, for the history's detail page. `against` compares the meaning with another revision
// (the banner's "what differs from what the device runs"); by default the revision before it.
export async function getHistoryEntry(ctx: ServiceContext, deviceId: string, revision: number, against?: number): Promise<HistoryDetail> {
  requireRole(ctx, "viewer");
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  const row = await ctx.db.policyRevision.findUnique({ where: { deviceId_revision: { deviceId, revision } } });
  if (!row) throw new NotFoundError("revision", String(revision));
  const view = toRevisionView(row);
  const base = against ?? revision - 1;
  const baseRow = await ctx.db.policyRevision.findUnique({ where: { deviceId_revision: { deviceId, revision: base } } });
  if (against !== undefined && !baseRow) throw new NotFoundError("revision", String(against));
  const pushes = await ctx.db.push.findMany({ where: { deviceId, revision }, orderBy: { startedAt: "desc" } });
  const previousRow =
    base === revision - 1 ? baseRow : await ctx.db.policyRevision.findUnique({ where: { deviceId_revision: { deviceId, revision: revision - 1 } } });
  const history = pushes.map(toHistoryPush);
  const withPlan = pushes.find((p) => p.planHash !== "");
  const confirmedBefore = withPlan
    ? await ctx.db.push.findFirst({
        where: { deviceId, status: { in: ["confirmed", "unchanged"] }, startedAt: { lt: withPlan.startedAt } },
        orderBy: { startedAt: "desc" },
      })
    : null;
  return {
    deviceId,
    deviceName: device.name,
    revision,
    savedBy: view.savedBy,
    savedAt: view.savedAt,
    reason: view.reason,
    changes: changesSince(previousRow ? toRevisionView(previousRow) : null, view),
    pushes: history,
    outcome: outcomeOf(history),
    intent: view.intent,
    targetOptions: view.targetOptions,
    comparedWith: baseRow ? base : null,
    comparedChanges: changesSince(baseRow ? toRevisionView(baseRow) : null, view),
    plans: { before: confirmedBefore ? planText(confirmedBefore) : null, after: withPlan ? planText(withPlan) : null },
    pushViews: pushes.map(toPushView),
  };
}

function planText(push: { id: string; plan: string; revision: number | null; startedAt: Date }): PlanText {
  try {
    const plan = readStoredPlan(push.id, push.plan);
    // A removal stores no plan: the device then held nothing of Waymark's.
    return { pushId: push.id, revision: push.revision, startedAt: push.startedAt.toISOString(), text: plan?.script ?? "" };
  } catch (error) {
    if (error instanceof StoredPlanError) return { pushId: push.id, unreadable: error.message };
    throw error;
  }
}
