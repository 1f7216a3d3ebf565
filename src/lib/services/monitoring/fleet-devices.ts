import "server-only";
import type { FleetDevice } from "@/lib/domain/monitor/fleet";
import type { Tx } from "../serializable";

// The inventory side of fleet rows: what the fleet shows of each device besides what the monitor knows.
const SELECT = { id: true, name: true, kind: true, host: true, pollIntervalSec: true, monitored: true } as const;

type Row = { id: string; name: string; kind: string; host: string; pollIntervalSec: number; monitored: boolean };

const toFleetDevice = (row: Row): FleetDevice => ({ ...row, kind: row.kind === "linux" ? "linux" : "routeros" });

export async function fleetDevices(db: Tx): Promise<FleetDevice[]> {
  return (await db.device.findMany({ select: SELECT, orderBy: { name: "asc" } })).map(toFleetDevice);
}

export async function fleetDevice(db: Tx, id: string): Promise<FleetDevice | null> {
  const row = await db.device.findUnique({ where: { id }, select: SELECT });
  return row ? toFleetDevice(row) : null;
}
