import "server-only";
import type { Db } from "@/lib/db/client";
import { messageOf } from "@/lib/devices/push-progress";
import { recordAuditEvent } from "../audit";
import { serviceContext } from "../context";
import { LOCK_STALE_MS } from "../pushes/device-lock";
import { driverForDevice } from "../pushes/driver-for-device";
import { runningPlan, toDrillView } from "./internal";

// A drill runs inside a dashboard process; if that process stopped, its record still says "running" and its claim
// on the device goes stale. The device has lifted (or will lift) the block by itself; lifting it now as well costs
// nothing, and the drill is recorded as aborted with how far it got, never with timings it did not measure.
export async function settleInterruptedDrills(db: Db, now = new Date()): Promise<number> {
  const staleBefore = new Date(now.getTime() - LOCK_STALE_MS);
  const running = await db.failoverDrill.findMany({ where: { outcome: "running" }, include: { device: { include: { lock: true } } } });
  let settled = 0;
  for (const drill of running) {
    const lock = drill.device.lock;
    if (lock && lock.pushId === drill.id && lock.claimedAt > staleBefore) continue;
    const restored = await liftBlock(db, drill.device);
    const reached = toDrillView(drill).events.at(-1)?.phase ?? "started";
    const detail = `the dashboard stopped during the drill (after "${reached}"); ${restored}`;
    await db.failoverDrill.update({ where: { id: drill.id }, data: { outcome: "aborted", detail, endedAt: new Date() } });
    await db.deviceLock.deleteMany({ where: { deviceId: drill.deviceId, pushId: drill.id } });
    await recordAuditEvent(serviceContext({ type: "system", job: "settle-drills" }, null), {
      action: "drill.settle",
      target: drill.deviceId,
      outcome: "ok",
      detail: { drill: drill.id, outcome: "aborted" },
    });
    settled += 1;
  }
  return settled;
}

async function liftBlock(db: Db, device: Parameters<typeof driverForDevice>[0]): Promise<string> {
  try {
    const { plan } = await runningPlan(db, device.id);
    await driverForDevice(device).restoreProbes(plan);
    return "the link's probe answers are let through again";
  } catch (error) {
    return `the device could not be asked to restore (${messageOf(error)}); it lifts the block itself when the drill's time is up`;
  }
}
