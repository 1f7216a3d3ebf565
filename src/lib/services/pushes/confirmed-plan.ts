import "server-only";
import type { DevicePlan } from "@/lib/devices";
import type { Tx } from "../serializable";
import { readStoredPlan, StoredPlanError } from "./stored-plan";

// What a device should be running: the plan of its last confirmed push and the hash that push left there. The
// read-back (`read-device-state.ts`) and the monitor's poller read the device against it; a device without one
// has nothing of Waymark's to read back, and the reason says why in the admin's words.

export type PushRef = { id: string; status: string; at: string };

export type ConfirmedPlan = { plan: DevicePlan; appliedHash: string | null; push: PushRef } | { plan: null; reason: string; push: PushRef | null };

const CONFIRMED = ["confirmed", "unchanged"];

/** The id of the device's last confirmed push: a cheap check of whether the plan changed. */
export async function lastConfirmedPushId(db: Tx, deviceId: string): Promise<string | null> {
  const push = await db.push.findFirst({ where: { deviceId, status: { in: CONFIRMED } }, orderBy: { startedAt: "desc" }, select: { id: true } });
  return push?.id ?? null;
}

/**
 * Devices per grouped query. Prisma splits a long `in` list of findMany to fit the database's limit on bound
 * parameters, but not a groupBy's: on SQLite the fleet benchmark's 1,000 devices failed every reconcile with P2029
 * ("the query parameter limit supported by your database is exceeded").
 */
const DEVICES_PER_QUERY = 500;

/**
 * When each device's last confirmed push started, a grouped query per 500 devices: the monitor's cheap check of
 * whether any plan changed. A device with nothing confirmed is absent.
 */
export async function lastConfirmedAt(db: Tx, deviceIds: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let start = 0; start < deviceIds.length; start += DEVICES_PER_QUERY) {
    const ids = deviceIds.slice(start, start + DEVICES_PER_QUERY);
    const rows = await db.push.groupBy({ by: ["deviceId"], where: { deviceId: { in: ids }, status: { in: CONFIRMED } }, _max: { startedAt: true } });
    for (const row of rows) if (row._max.startedAt) found.set(row.deviceId, row._max.startedAt.getTime());
  }
  return found;
}

export async function confirmedPlan(db: Tx, deviceId: string): Promise<ConfirmedPlan> {
  const confirmed = await db.push.findFirst({ where: { deviceId, status: { in: CONFIRMED } }, orderBy: { startedAt: "desc" } });
  if (!confirmed) return { plan: null, reason: "nothing has been pushed to this device yet", push: null };
  const push = { id: confirmed.id, status: confirmed.status, at: confirmed.startedAt.toISOString() };
  if (confirmed.intent === "null") return { plan: null, reason: "Waymark's policy was removed from this device; push a policy to read it back again", push };
  // A plan that does not parse is the admin's to fix by pushing again, not a crash.
  try {
    const plan = readStoredPlan(confirmed.id, confirmed.plan);
    if (plan) return { plan, appliedHash: confirmed.appliedHash, push };
    return { plan: null, reason: `push ${confirmed.id} stored no plan; push the policy again to read the device back`, push };
  } catch (error) {
    if (!(error instanceof StoredPlanError)) throw error;
    return { plan: null, reason: `${error.message}; push the policy again to read the device back`, push };
  }
}
