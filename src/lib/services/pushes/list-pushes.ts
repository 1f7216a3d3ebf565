import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { NotFoundError } from "../errors";
import { toPushView, type PushView } from "./internal";

export async function listPushes(ctx: ServiceContext, deviceId: string): Promise<PushView[]> {
  requireRole(ctx, "viewer");
  await getDeviceOrThrow(ctx.db, deviceId);
  const rows = await ctx.db.push.findMany({ where: { deviceId }, orderBy: { startedAt: "desc" }, take: 50 });
  return rows.map(toPushView);
}

export async function getPush(ctx: ServiceContext, pushId: string): Promise<PushView> {
  requireRole(ctx, "viewer");
  const row = await ctx.db.push.findUnique({ where: { id: pushId } });
  if (!row) throw new NotFoundError("push", pushId);
  return toPushView(row);
}
