import "server-only";
import { z } from "zod";
import { ZSiteIntent, ZSiteName, type SiteView } from "@/lib/domain/site";
import { actorName, requireRole, type ServiceContext } from "../context";
import { ConflictError, conflictOnDuplicate } from "../errors";
import { serializable } from "../serializable";
import { siteNameTaken, ZSiteDescription } from "./create-site";
import { getSiteOrThrow, lastSitePush, toSiteView } from "./internal";
import { checkMembers, syncMembers } from "./members";

export const UpdateSiteInput = z.strictObject({
  name: ZSiteName.optional(),
  description: ZSiteDescription.optional(),
  intent: ZSiteIntent,
  /** The revision the edit started from: the save is refused when someone saved since. */
  baseRevision: z.number().int().min(1).optional(),
});

// Every save is a new revision of the site. Members follow the intent: a device added gets a row, one taken out
// keeps its row while its plan is still on it, so the next push takes it off that device.
export async function updateSite(ctx: ServiceContext, siteId: string, input: z.input<typeof UpdateSiteInput>): Promise<SiteView> {
  requireRole(ctx, "operator");
  const { name, description, intent, baseRevision } = UpdateSiteInput.parse(input);
  const current = await getSiteOrThrow(ctx.db, siteId);
  await serializable(ctx.db, async (tx) => {
    const stored = await getSiteOrThrow(tx, siteId);
    if (baseRevision !== undefined && stored.revision !== baseRevision)
      throw new ConflictError(`someone saved revision ${stored.revision} since you started editing revision ${baseRevision}: review their change first`);
    await checkMembers(tx, siteId, intent);
    await tx.site.update({
      where: { id: siteId },
      data: {
        ...(name === undefined ? {} : { name }),
        ...(description === undefined ? {} : { description }),
        kind: intent.kind,
        intent: JSON.stringify(intent),
        revision: { increment: 1 },
        updatedBy: actorName(ctx.actor),
      },
    });
    await syncMembers(tx, siteId, intent);
  }).catch(conflictOnDuplicate(siteNameTaken(name ?? current.name)));
  return toSiteView(await getSiteOrThrow(ctx.db, siteId), await lastSitePush(ctx.db, siteId));
}
