import "server-only";
import type { DeviceView } from "@/lib/domain/device";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow, toDeviceView } from "./internal";

export async function listDevices(ctx: ServiceContext): Promise<DeviceView[]> {
  requireRole(ctx, "viewer");
  const rows = await ctx.db.device.findMany({ orderBy: { name: "asc" } });
  return rows.map(toDeviceView);
}

export async function getDevice(ctx: ServiceContext, id: string): Promise<DeviceView> {
  requireRole(ctx, "viewer");
  return toDeviceView(await getDeviceOrThrow(ctx.db, id));
}
