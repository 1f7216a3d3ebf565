import "server-only";
import { ZIntent, type Intent } from "@/lib/domain/intent";
import type { TargetOptions } from "@/lib/domain/target-options";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { toRevisionView } from "./revisions-internal";

export type RunningPolicyView = {
  /** The revision the device runs; null when that push was a removal or came before revisions were recorded. */
  revision: number | null;
  /** What the device runs; null after a removal (nothing of Waymark's on it). */
  intent: Intent | null;
  /** How that revision is realised (PCC/ECMP), when the revision is recorded. */
  targetOptions: TargetOptions | null;
  pushId: string;
  status: "confirmed" | "unchanged";
  at: string;
};

// What the device runs, as far as Waymark made it so: the last push that the device confirmed, or that found it
// already as planned. A rolled-back, refused or failed push never counts (the device went back to what it ran
// before); null when no push ever got that far. Drift (someone changing the device by hand) is the read-back's
// business, not this.
export async function getRunningPolicy(ctx: ServiceContext, deviceId: string): Promise<RunningPolicyView | null> {
  requireRole(ctx, "viewer");
  await getDeviceOrThrow(ctx.db, deviceId);
  const push = await ctx.db.push.findFirst({
    where: { deviceId, status: { in: ["confirmed", "unchanged"] } },
    orderBy: [{ finishedAt: "desc" }, { startedAt: "desc" }],
  });
  if (!push) return null;
  const raw: unknown = JSON.parse(push.intent);
  const revision =
    push.revision === null ? null : await ctx.db.policyRevision.findUnique({ where: { deviceId_revision: { deviceId, revision: push.revision } } });
  return {
    revision: push.revision,
    intent: raw === null ? null : ZIntent.parse(raw),
    targetOptions: revision ? toRevisionView(revision).targetOptions : null,
    pushId: push.id,
    status: push.status as RunningPolicyView["status"],
    at: (push.finishedAt ?? push.startedAt).toISOString(),
  };
}
