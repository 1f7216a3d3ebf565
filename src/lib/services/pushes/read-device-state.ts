import "server-only";
import type { DeviceReading } from "@/lib/domain/device/reading";
import { liveBus } from "@/lib/live/bus";
import { requireRole, type ServiceContext } from "../context";
import { talkingToDevice } from "../devices/device-failure";
import { getDeviceOrThrow } from "../devices/internal";
import { PreconditionFailedError } from "../errors";
import { confirmedPlan } from "./confirmed-plan";
import { driverForDevice } from "./driver-for-device";

export type DeviceStateView = DeviceReading & { lastPush: { id: string; status: string; at: string } };

// What the device does with the last plan it confirmed. The monitor's reading answers when it is of that plan and
// younger than two poll intervals, so an open page never makes the dashboard log into a device; otherwise the
// device is read now. A device that cannot be reached is an error with its code (device_unreachable, …), never a 500.
export async function readDeviceState(ctx: ServiceContext, deviceId: string): Promise<DeviceStateView> {
  requireRole(ctx, "viewer");
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  const confirmed = await confirmedPlan(ctx.db, deviceId);
  if (confirmed.plan === null) throw new PreconditionFailedError(confirmed.reason);
  const live = liveBus().latest(deviceId);
  if (live?.reading && live.lastPush?.id === confirmed.push.id && Date.now() - live.reading.readAtMs < 2 * live.intervalMs) {
    return { ...live.reading, lastPush: confirmed.push };
  }
  const reading = await talkingToDevice(() => driverForDevice(device).read(confirmed.plan, confirmed.appliedHash));
  return { ...reading, lastPush: confirmed.push };
}
