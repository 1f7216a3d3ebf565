import "server-only";
import type { Db } from "@/lib/db/client";
import { LEASE_TTL_MS } from "../lease";

// Who polls a site's members: the instance holding its SitePollLease row, claimed and renewed exactly as a
// device's PollLease (../lease.ts): a conditional update where the row is ours or expired, else an insert the
// primary key refuses to a second instance, so two instances racing on SQLite or PostgreSQL never both win.

export type SiteLeases = {
  claim: (siteId: string) => Promise<boolean>;
  /** Extends every site lease this instance holds; returns the sites it still holds. */
  renewAll: () => Promise<Set<string>>;
  release: (siteId: string) => Promise<void>;
  releaseAll: () => Promise<void>;
};

export function siteLeases(db: Db, instanceId: string, ttlMs = LEASE_TTL_MS): SiteLeases {
  const until = () => new Date(Date.now() + ttlMs);
  return {
    claim: async (siteId) => {
      const now = new Date();
      const taken = await db.sitePollLease.updateMany({
        where: { siteId, OR: [{ instanceId }, { expiresAt: { lt: now } }] },
        data: { instanceId, expiresAt: until(), renewedAt: now },
      });
      if (taken.count === 1) return true;
      try {
        await db.sitePollLease.create({ data: { siteId, instanceId, expiresAt: until(), renewedAt: now } });
        return true;
      } catch {
        // Another instance holds it (primary key), or the site is gone (foreign key).
        return false;
      }
    },
    renewAll: async () => {
      const now = new Date();
      await db.sitePollLease.updateMany({ where: { instanceId, expiresAt: { gte: now } }, data: { expiresAt: until(), renewedAt: now } });
      const held = await db.sitePollLease.findMany({ where: { instanceId, expiresAt: { gte: now } }, select: { siteId: true } });
      return new Set(held.map((l) => l.siteId));
    },
    release: async (siteId) => {
      await db.sitePollLease.deleteMany({ where: { siteId, instanceId } });
    },
    releaseAll: async () => {
      await db.sitePollLease.deleteMany({ where: { instanceId } });
    },
  };
}
