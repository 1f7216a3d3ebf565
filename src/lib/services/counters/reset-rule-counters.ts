import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { talkingToDevice } from "../devices/device-failure";
import { getDeviceOrThrow } from "../devices/internal";
import { driverForDevice } from "../pushes/driver-for-device";

export type CountersReset = { reset: number; at: string };

// "Reset counters" on the live counters page: the device zeroes the packet and byte counters of Waymark's rules,
// never the admin's own (theirs are theirs to reset). Nothing of the policy changes, so it is no push and takes no
// device claim; the HTTP edge audits it like every other change.
export async function resetRuleCounters(ctx: ServiceContext, deviceId: string): Promise<CountersReset> {
  requireRole(ctx, "operator");
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  const { reset } = await talkingToDevice(() => driverForDevice(device).resetCounters());
  return { reset, at: new Date().toISOString() };
}
