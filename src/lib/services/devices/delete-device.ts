import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "./internal";

export async function deleteDevice(ctx: ServiceContext, id: string): Promise<{ name: string }> {
  requireRole(ctx, "admin");
  const device = await getDeviceOrThrow(ctx.db, id);
  await ctx.db.device.delete({ where: { id } });
  return { name: device.name };
}
