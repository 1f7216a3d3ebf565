import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";

// Who polls a device: the Waymark instance holding its PollLease row. Every step is one conditional statement,
// so two instances racing (on SQLite or PostgreSQL) cannot both win: a claim updates the row only where it is
// this instance's or expired, or inserts it where there is none (the primary key refuses a second insert).
// The holder renews it every second (./monitor.ts); an instance that dies stops renewing and its devices are
// claimable LEASE_TTL_MS later. Expiry is compared on each instance's clock: keep the instances' clocks in sync.

// 5 s keeps a device's history without a gap over 10 s when its instance dies: its last recorded poll is at most
// an interval (2 s) and the history's flush (1 s) old, then the lease runs out and the next instance's reconcile
// (every second) takes it: 2 + 1 + 5 + 1 s. Measured by tests/integration/monitor-cluster.test.ts.
export const LEASE_TTL_MS = 5_000;

/** This instance's name in PollLease rows and DeviceLive.polledBy: WAYMARK_INSTANCE_ID, else host:pid:random. */
export function defaultInstanceId(): string {
  return env().WAYMARK_INSTANCE_ID ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export type Leases = {
  readonly instanceId: string;
  /** Takes the device's lease when it is free, expired or already ours; true when this instance now holds it. */
  claim: (deviceId: string) => Promise<boolean>;
  /** Extends every lease this instance holds; returns the devices it still holds (a lease taken over is gone). */
  renewAll: () => Promise<Set<string>>;
  /** Gives the device up now (stopped, unmonitored, deleted), so another instance need not wait for the expiry. */
  release: (deviceId: string) => Promise<void>;
  releaseAll: () => Promise<void>;
};

export function leases(db: Db, instanceId: string, ttlMs = LEASE_TTL_MS): Leases {
  const until = () => new Date(Date.now() + ttlMs);
  return {
    instanceId,
    claim: async (deviceId) => {
      const now = new Date();
      const taken = await db.pollLease.updateMany({
        where: { deviceId, OR: [{ instanceId }, { expiresAt: { lt: now } }] },
        data: { instanceId, expiresAt: until(), renewedAt: now },
      });
      if (taken.count === 1) return true;
      try {
        await db.pollLease.create({ data: { deviceId, instanceId, expiresAt: until(), renewedAt: now } });
        return true;
      } catch {
        // Another instance holds it (primary key), or the device is gone (foreign key): not ours either way.
        return false;
      }
    },
    renewAll: async () => {
      const now = new Date();
      await db.pollLease.updateMany({ where: { instanceId, expiresAt: { gte: now } }, data: { expiresAt: until(), renewedAt: now } });
      const held = await db.pollLease.findMany({ where: { instanceId, expiresAt: { gte: now } }, select: { deviceId: true } });
      return new Set(held.map((l) => l.deviceId));
    },
    release: async (deviceId) => {
      await db.pollLease.deleteMany({ where: { deviceId, instanceId } });
    },
    releaseAll: async () => {
      await db.pollLease.deleteMany({ where: { instanceId } });
    },
  };
}
