import "server-only";
import type { IntentChange } from "@/lib/domain/intent";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { changesSince, toRevisionView } from "./revisions-internal";

export type RevisionSummary = { revision: number; savedBy: string; savedAt: string; reason: string; changes: IntentChange[] };

const LIMIT = 500;

// A device's revisions, newest first, each with what it changed against the one before it.
export async function listRevisions(ctx: ServiceContext, deviceId: string): Promise<RevisionSummary[]> {
  requireRole(ctx, "viewer");
  await getDeviceOrThrow(ctx.db, deviceId);
  // One more than shown, so the oldest shown still has its predecessor to compare with.
  const views = (await ctx.db.policyRevision.findMany({ where: { deviceId }, orderBy: { revision: "desc" }, take: LIMIT + 1 })).map(toRevisionView);
  return views.slice(0, LIMIT).map((view, i) => ({
    revision: view.revision,
    savedBy: view.savedBy,
    savedAt: view.savedAt,
    reason: view.reason,
    changes: changesSince(views[i + 1] ?? null, view),
  }));
}
