import "server-only";
import { describeIntentChanges, describeTargetOptionChanges } from "@/lib/domain/intent";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { toPushView, type PushView } from "../pushes/internal";
import { getRunningPolicy, type RunningPolicyView } from "./get-running";
import { toPolicyView } from "./save-policy";

/**
 * in_sync: the device runs what is saved. pending: saved since the last push that took (not pushed yet).
 * rejected: the newest push of the saved revision did not take (rolled back, refused, failed). pushing: it is being
 * pushed. never_pushed: nothing ever took on the device. removed: Waymark's policy was removed from the device.
 */
export type SavedVsRunningState = "in_sync" | "pending" | "rejected" | "pushing" | "never_pushed" | "removed";

export type SavedVsRunningView = {
  state: SavedVsRunningState;
  savedRevision: number;
  running: RunningPolicyView | null;
  /** The newest push of the saved revision, when it did not (yet) take. */
  lastPush: Pick<PushView, "id" | "status" | "error" | "startedAt"> | null;
  /** Why that push did not take, in the push's own words. */
  why: string | null;
  /** How many meaning-level changes separate the running policy from the saved one. */
  changeCount: number;
};

// Whether what is saved is what the device runs: after a rollback the saved intent is not on the device, and the
// policy page must say so rather than show the rejected intent as if it were in force. Null: nothing saved.
export async function compareSavedAndRunning(ctx: ServiceContext, deviceId: string): Promise<SavedVsRunningView | null> {
  requireRole(ctx, "viewer");
  await getDeviceOrThrow(ctx.db, deviceId);
  const row = await ctx.db.devicePolicy.findUnique({ where: { deviceId } });
  if (!row) return null;
  const saved = toPolicyView(row);
  const [running, pushRow] = await Promise.all([
    getRunningPolicy(ctx, deviceId),
    ctx.db.push.findFirst({ where: { deviceId }, orderBy: { startedAt: "desc" } }),
  ]);
  const push = pushRow ? toPushView(pushRow) : null;
  const changes =
    running?.intent == null
      ? null
      : [...describeIntentChanges(running.intent, saved.intent), ...describeTargetOptionChanges(running.targetOptions, saved.targetOptions)];
  const ofSaved = push !== null && push.revision === saved.revision && push.status !== "confirmed" && push.status !== "unchanged" ? push : null;
  const failed = ofSaved?.steps.find((s) => s.status === "failed");
  const view = (state: SavedVsRunningState): SavedVsRunningView => ({
    state,
    savedRevision: saved.revision,
    running,
    lastPush: ofSaved && { id: ofSaved.id, status: ofSaved.status, error: ofSaved.error, startedAt: ofSaved.startedAt },
    why: ofSaved?.error ?? failed?.detail ?? null,
    changeCount: changes?.length ?? 0,
  });
  if (ofSaved?.status === "running") return view("pushing");
  if (running === null) return view(ofSaved ? "rejected" : "never_pushed");
  if (running.intent === null) return view(ofSaved ? "rejected" : "removed");
  if (running.revision === saved.revision || changes?.length === 0) return view("in_sync");
  return view(ofSaved ? "rejected" : "pending");
}
