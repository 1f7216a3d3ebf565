import "server-only";
import { liveBus } from "@/lib/live/bus";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import type { LiveFeed } from "./feed";

/**
 * One device's live feed: its latest update and the last minutes of its rates (the sparklines), then every
 * update the monitor publishes. The browser never talks to the device; it only listens here.
 */
export async function watchDeviceLive(ctx: ServiceContext, deviceId: string): Promise<LiveFeed> {
  requireRole(ctx, "viewer");
  await getDeviceOrThrow(ctx.db, deviceId);
  const bus = liveBus();
  return {
    snapshot: { event: "snapshot", data: { live: bus.latest(deviceId), recent: bus.recent(deviceId) } },
    subscribe: (send) => bus.subscribe(deviceId, (update) => send({ event: "update", data: update })),
  };
}
