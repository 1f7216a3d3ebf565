import "server-only";
import type { FleetRow } from "@/lib/domain/monitor/live";
import { toFleetRow, worstFirst } from "@/lib/domain/monitor/fleet";
import { liveBus } from "@/lib/live/bus";
import { requireRole, type ServiceContext } from "../context";
import { fleetDevices } from "./fleet-devices";
import { openAlertCounts } from "./open-alerts";

/** Every device at a glance, worst first: the inventory with what the monitor last knew of each device. */
export async function getFleet(ctx: ServiceContext): Promise<{ rows: FleetRow[] }> {
  requireRole(ctx, "viewer");
  const [devices, alerts] = await Promise.all([fleetDevices(ctx.db), openAlertCounts(ctx.db)]);
  const bus = liveBus();
  const rows = devices.map((d) => toFleetRow(d, bus.latest(d.id), alerts.get(d.id) ?? 0));
  return { rows: rows.sort(worstFirst) };
}
