import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { ConflictError } from "../errors";
import { getDeviceOrThrow } from "./internal";

export async function deleteDevice(ctx: ServiceContext, id: string): Promise<{ name: string }> {
  requireRole(ctx, "admin");
  const device = await getDeviceOrThrow(ctx.db, id);
  // A site's member (or a device a site's plan is still on) stays: the site would lose track of what runs there.
  const memberships = await ctx.db.siteMember.findMany({ where: { deviceId: id }, include: { site: { select: { name: true } } } });
  if (memberships.length > 0) {
    const sites = memberships.map((m) => JSON.stringify(m.site.name)).join(", ");
    throw new ConflictError(`device ${JSON.stringify(device.name)} is a member of site ${sites}; take it out of the site (and push the site) first`);
  }
  await ctx.db.device.delete({ where: { id } });
  return { name: device.name };
}
