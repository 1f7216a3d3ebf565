import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { NotFoundError } from "../errors";
import { toRevisionView, type PolicyRevisionView } from "./revisions-internal";

// One saved revision as it was: what "Revert to this revision" loads into the policy builder as a draft.
export async function getRevision(ctx: ServiceContext, deviceId: string, revision: number): Promise<PolicyRevisionView> {
  requireRole(ctx, "viewer");
  await getDeviceOrThrow(ctx.db, deviceId);
  const row = await ctx.db.policyRevision.findUnique({ where: { deviceId_revision: { deviceId, revision } } });
  if (!row) throw new NotFoundError("revision", String(revision));
  return toRevisionView(row);
}
