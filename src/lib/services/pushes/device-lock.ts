import "server-only";
import type { Db } from "@/lib/db/client";
import { conflictOnDuplicate } from "../errors";

// One push (or failover drill) per device across every dashboard process on one database: the claim is the creation
// of the device's lock row (its primary key makes two claims impossible). While a push runs its process touches the
// row every few seconds, so a row nobody touched for a while belongs to a process that stopped mid-push.

export const LOCK_HEARTBEAT_MS = 5_000;
/** A lock untouched this long is an interrupted push's (several heartbeats missed). */
export const LOCK_STALE_MS = 20_000;

const BUSY = "a push (or a failover drill) on this device is already in flight; wait for it to finish";

export async function claimDevice(db: Db, deviceId: string, pushId: string): Promise<void> {
  await db.deviceLock.create({ data: { deviceId, pushId } }).catch(conflictOnDuplicate(BUSY));
}

export async function releaseDevice(db: Db, deviceId: string, pushId: string): Promise<void> {
  await db.deviceLock.deleteMany({ where: { deviceId, pushId } });
}

/** Keeps the claim fresh until the returned function is called. */
export function keepClaimed(db: Db, deviceId: string, pushId: string): () => void {
  const timer = setInterval(() => {
    void db.deviceLock.updateMany({ where: { deviceId, pushId }, data: { claimedAt: new Date() } }).catch(() => undefined);
  }, LOCK_HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}
