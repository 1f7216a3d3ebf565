import "server-only";
import { toFleetRow, worstFirst, type FleetDevice } from "@/lib/domain/monitor/fleet";
import { liveBus } from "@/lib/live/bus";
import { requireRole, type ServiceContext } from "../context";
import type { LiveFeed } from "./feed";
import { fleetDevice, fleetDevices } from "./fleet-devices";
import { openAlertCounts } from "./open-alerts";

/**
 * How often the feed looks again at the inventory (a deleted device publishes nothing when it goes) and at the
 * open alerts; between two looks each row is built from memory, never a query per update.
 */
const INVENTORY_CHECK_MS = 5_000;

/**
 * The fleet's live feed: every row, worst first, then a row each time a device's update arrives, and `removed`
 * when a device is deleted. Rows are built from the inventory known when the feed started; a device added since
 * is looked up on its first update.
 */
export async function watchFleetLive(ctx: ServiceContext): Promise<LiveFeed> {
  requireRole(ctx, "viewer");
  const [devices, openAlerts] = await Promise.all([fleetDevices(ctx.db), openAlertCounts(ctx.db)]);
  let alerts = openAlerts;
  const known = new Map<string, FleetDevice>(devices.map((d) => [d.id, d]));
  const bus = liveBus();
  const rows = devices.map((d) => toFleetRow(d, bus.latest(d.id), alerts.get(d.id) ?? 0)).sort(worstFirst);
  return {
    snapshot: { event: "snapshot", data: { rows } },
    subscribe: (send) => {
      const unsubscribe = bus.subscribe("*", (update) => {
        void (async () => {
          const device = known.get(update.deviceId) ?? (await fleetDevice(ctx.db, update.deviceId));
          if (!device) return;
          known.set(device.id, device);
          send({ event: "row", data: toFleetRow(device, update, alerts.get(device.id) ?? 0) });
        })().catch((error) => console.error("waymark: fleet feed could not build a row", error));
      });
      const timer = setInterval(() => {
        void Promise.all([fleetDevices(ctx.db), openAlertCounts(ctx.db)])
          .then(([now, open]) => {
            alerts = open;
            const ids = new Set(now.map((d) => d.id));
            for (const d of now) known.set(d.id, d);
            for (const id of [...known.keys()]) {
              if (ids.has(id)) continue;
              known.delete(id);
              send({ event: "removed", data: { deviceId: id } });
            }
          })
          .catch(() => undefined);
      }, INVENTORY_CHECK_MS);
      timer.unref();
      return () => {
        clearInterval(timer);
        unsubscribe();
      };
    },
  };
}
