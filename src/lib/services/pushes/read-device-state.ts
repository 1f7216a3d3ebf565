import "server-only";
import type { DeviceReading } from "@/lib/domain/device/reading";
import { liveBus } from "@/lib/live/bus";
import { requireRole, type ServiceContext } from "../context";
import { DeviceFailure, type DeviceFailureStatus } from "@/lib/devices";
import { DeviceFailureError, talkingToDevice } from "../devices/device-failure";
import { getDeviceOrThrow } from "../devices/internal";
import { PreconditionFailedError } from "../errors";
import { confirmedPlan } from "./confirmed-plan";
import { driverForDevice } from "./driver-for-device";

const FAILING: DeviceFailureStatus[] = ["unreachable", "timed_out", "protocol_error", "auth_failed", "host_key_mismatch"];

export type DeviceStateView = DeviceReading & { lastPush: { id: string; status: string; at: string } };

// What the device does with the last plan it confirmed. The monitor answers when its reading is of that plan and
// younger than two poll intervals, or when it is failing to read the device and waiting to try again, so an open
// page never makes the dashboard log into a device; otherwise the device is read now. A device that cannot be
// reached is an error with its code (device_unreachable, …), never a 500.
export async function readDeviceState(ctx: ServiceContext, deviceId: string): Promise<DeviceStateView> {
  requireRole(ctx, "viewer");
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  const confirmed = await confirmedPlan(ctx.db, deviceId);
  if (confirmed.plan === null) throw new PreconditionFailedError(confirmed.reason);
  const live = liveBus().latest(deviceId);
  if (live?.lastPush?.id === confirmed.push.id) {
    if (live.reading && Date.now() - live.reading.readAtMs < 2 * live.intervalMs) return { ...live.reading, lastPush: confirmed.push };
    // The monitor is failing to read it and waits before trying again (a refused login for a minute): a page
    // asking now must not log in beside it, so it gets the monitor's answer.
    const failing = FAILING.find((status) => status === live.state);
    if (failing && Date.now() < (live.nextAttemptAt ?? 0) + live.intervalMs) throw new DeviceFailureError(new DeviceFailure(failing, live.problem ?? failing));
  }
  const reading = await talkingToDevice(() => driverForDevice(device).read(confirmed.plan, confirmed.appliedHash));
  return { ...reading, lastPush: confirmed.push };
}
