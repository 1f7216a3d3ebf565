import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { toPolicyView, type PolicyView } from "./save-policy";

export async function getPolicy(ctx: ServiceContext, deviceId: string): Promise<PolicyView | null> {
  requireRole(ctx, "viewer");
  await getDeviceOrThrow(ctx.db, deviceId);
  const row = await ctx.db.devicePolicy.findUnique({ where: { deviceId } });
  return row ? toPolicyView(row) : null;
}
