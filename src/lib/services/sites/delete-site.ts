import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { PreconditionFailedError } from "../errors";
import { serializable } from "../serializable";
import { getSiteOrThrow } from "./internal";

// A site whose plan is still on a device is not forgotten: the dashboard would no longer know what it left there.
// Checked in the deleting transaction, so a push that starts meanwhile is not orphaned.
export async function deleteSite(ctx: ServiceContext, siteId: string): Promise<{ name: string }> {
  requireRole(ctx, "operator");
  return serializable(ctx.db, async (tx) => {
    const site = await getSiteOrThrow(tx, siteId);
    const applied = site.members.filter((m) => m.appliedHash !== null).map((m) => m.device.name);
    if (applied.length > 0)
      throw new PreconditionFailedError(`site ${JSON.stringify(site.name)} is still on ${applied.join(", ")}: take the site off its devices first`);
    const running = await tx.sitePush.count({ where: { siteId, status: "running" } });
    if (running > 0) throw new PreconditionFailedError(`a push of site ${JSON.stringify(site.name)} is running; wait for it to end`);
    await tx.site.delete({ where: { id: siteId } });
    return { name: site.name };
  });
}
