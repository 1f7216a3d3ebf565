import "server-only";
import type { DeviceReading } from "@/lib/domain/device/reading";
import type { DevicePlan } from "@/lib/devices";
import { requireRole, type ServiceContext } from "../context";
import { talkingToDevice } from "../devices/device-failure";
import { getDeviceOrThrow } from "../devices/internal";
import { PreconditionFailedError } from "../errors";
import { driverForDevice } from "./driver-for-device";
import { readStoredPlan, StoredPlanError } from "./stored-plan";

export type DeviceStateView = DeviceReading & { lastPush: { id: string; status: string; at: string } };

// What the device does with the last plan it confirmed, read from it now. A device that cannot be reached is an
// error with its code (device_unreachable, device_timed_out, …), never a 500.
export async function readDeviceState(ctx: ServiceContext, deviceId: string): Promise<DeviceStateView> {
  requireRole(ctx, "viewer");
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  const confirmed = await ctx.db.push.findFirst({ where: { deviceId, status: { in: ["confirmed", "unchanged"] } }, orderBy: { startedAt: "desc" } });
  if (!confirmed) throw new PreconditionFailedError("nothing has been pushed to this device yet");
  if (confirmed.intent === "null") throw new PreconditionFailedError("Waymark's policy was removed from this device; push a policy to read it back again");
  const plan = storedPlanOf(confirmed);
  const reading = await talkingToDevice(() => driverForDevice(device).read(plan, confirmed.appliedHash));
  return { ...reading, lastPush: { id: confirmed.id, status: confirmed.status, at: confirmed.startedAt.toISOString() } };
}

// A plan that does not parse is the admin's to fix by pushing again, not a 500.
function storedPlanOf(push: { id: string; plan: string }): DevicePlan {
  try {
    const plan = readStoredPlan(push.id, push.plan);
    if (plan) return plan;
  } catch (error) {
    if (!(error instanceof StoredPlanError)) throw error;
    throw new PreconditionFailedError(`${error.message}; push the policy again to read the device back`);
  }
  throw new PreconditionFailedError(`push ${push.id} stored no plan; push the policy again to read the device back`);
}
