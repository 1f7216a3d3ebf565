import "server-only";
import type { DeviceReading } from "@/lib/domain/device/reading";
import type { DevicePlan } from "@/lib/devices";
import { requireRole, type ServiceContext } from "../context";
import { talkingToDevice } from "../devices/device-failure";
import { getDeviceOrThrow } from "../devices/internal";
import { PreconditionFailedError } from "../errors";
import { driverForDevice } from "./driver-for-device";

export type DeviceStateView = DeviceReading & { lastPush: { id: string; status: string; at: string } };

// What the device does with the last plan it confirmed, read from it now. A device that cannot be reached is an
// error with its code (device_unreachable, device_timed_out, …), never a 500.
export async function readDeviceState(ctx: ServiceContext, deviceId: string): Promise<DeviceStateView> {
  requireRole(ctx, "viewer");
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  const confirmed = await ctx.db.push.findFirst({ where: { deviceId, status: { in: ["confirmed", "unchanged"] } }, orderBy: { startedAt: "desc" } });
  if (!confirmed) throw new PreconditionFailedError("nothing has been pushed to this device yet");
  if (confirmed.intent === "null") throw new PreconditionFailedError("Waymark's policy was removed from this device; push a policy to read it back again");
  const plan = JSON.parse(confirmed.plan) as DevicePlan;
  const reading = await talkingToDevice(() => driverForDevice(device).read(plan, confirmed.appliedHash));
  return { ...reading, lastPush: { id: confirmed.id, status: confirmed.status, at: confirmed.startedAt.toISOString() } };
}
