import "server-only";
import type { BackendReading } from "@/lib/domain/device/reading";
import type { Db } from "@/lib/db/client";
import type { Maintenance } from "@/lib/domain/intent/pool-view";

// The service-side record of a backend in maintenance (BackendDrain). The device knows how many connections a
// drained backend still has, not since when it has had none: that is derived here from readings, so "idle since"
// survives a reload of the page (and a restart of the dashboard).

export type { Maintenance };

export async function recordMaintenance(
  db: Db,
  key: { deviceId: string; pool: string; backend: string },
  entry: { state: "drain" | "disabled"; reason: string; actorName: string; pushId: string },
): Promise<void> {
  const fresh = { ...entry, startedAt: new Date(), idleSince: null };
  await db.backendDrain.upsert({ where: { deviceId_pool_backend: key }, create: { ...key, ...fresh }, update: fresh });
}

export async function endMaintenance(db: Db, key: { deviceId: string; pool: string; backend: string }): Promise<void> {
  await db.backendDrain.deleteMany({ where: key });
}

/**
 * The device's maintenance records, brought up to date with a reading: a backend the device has out of service
 * with no open connection is idle since this reading (unless it already was); one with connections is not idle.
 */
export async function maintenanceWithReading(
  db: Db,
  deviceId: string,
  reading: { readAtMs: number; backends: BackendReading[] } | null,
): Promise<Map<string, Maintenance>> {
  const rows = await db.backendDrain.findMany({ where: { deviceId } });
  const out = new Map<string, Maintenance>();
  for (const row of rows) {
    const live = reading?.backends.find((b) => b.pool === row.pool && b.name === row.backend);
    let idleSince = row.idleSince;
    const outOfService = live !== undefined && (live.state === "drain" || live.state === "disabled");
    if (outOfService && live.openConnections === 0 && idleSince === null) idleSince = new Date(reading!.readAtMs);
    if (live !== undefined && (live.openConnections ?? 0) > 0) idleSince = null;
    if (idleSince?.getTime() !== row.idleSince?.getTime()) {
      await db.backendDrain.updateMany({ where: { deviceId, pool: row.pool, backend: row.backend, startedAt: row.startedAt }, data: { idleSince } });
    }
    out.set(`${row.pool}/${row.backend}`, {
      state: row.state === "disabled" ? "disabled" : "drain",
      reason: row.reason,
      by: row.actorName,
      since: row.startedAt.toISOString(),
      pushId: row.pushId,
      idleSince: idleSince?.toISOString() ?? null,
    });
  }
  return out;
}
