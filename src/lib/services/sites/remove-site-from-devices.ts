import "server-only";
import { z } from "zod";
import { requireRole, type ServiceContext } from "../context";
import { PreconditionFailedError } from "../errors";
import { beginSitePush } from "./begin-site-push";
import { getSiteOrThrow, orderedMembers, storedIntent, ZPushReason } from "./internal";
import { removalJob } from "./member-run";

export const RemoveSiteInput = z.strictObject({
  reason: ZPushReason,
  confirmWindowSec: z.number().int().min(10).max(600).default(30),
});

// Takes the site off every device that runs its plan (each with its own gate and rollback), recorded as a site
// push; the site and its members stay saved, so it can be pushed again, or deleted once nothing of it is left.
export async function removeSiteFromDevices(ctx: ServiceContext, siteId: string, input: z.input<typeof RemoveSiteInput>): Promise<{ pushId: string }> {
  requireRole(ctx, "operator");
  const { reason, confirmWindowSec } = RemoveSiteInput.parse(input);
  const site = await getSiteOrThrow(ctx.db, siteId);
  const intent = storedIntent(site);
  const applied = orderedMembers(site, intent).filter(({ row }) => row.appliedHash !== null);
  if (applied.length === 0) throw new PreconditionFailedError(`nothing of site ${JSON.stringify(site.name)} is on any device`);
  const devices = await ctx.db.device.findMany({ where: { id: { in: applied.map(({ row }) => row.deviceId) } } });
  const members = applied.map(({ row }) => removalJob(row, devices.find((d) => d.id === row.deviceId)!));
  return beginSitePush(ctx, { site, intent, reason, confirmWindowSec, purpose: "removal", members });
}
