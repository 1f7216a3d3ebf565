import "server-only";
import type { Db } from "@/lib/db/client";
import { siteTargets, watchedSiteIds } from "@/lib/services/monitoring/site-targets";
import type { OpenMemberWatch } from "./member-poll";
import { type SiteLeases, siteLeases } from "./site-lease";
import { SitePoller } from "./site-poller";

// The sites this instance polls, reconciled with the devices (../monitor.ts calls it each second): renew the site
// leases held, claim sites with a confirmed member whose lease is free or expired, start a SitePoller per site held
// and stop the others. As for devices, a poll starts only with at least 2 s of the lease left.

const LEASE_MARGIN_MS = 2_000;

export type SiteMonitorOptions = { db: Db; instanceId: string; leaseTtlMs: number; intervalMs?: number; openWatch?: OpenMemberWatch };

export class SiteMonitor {
  private readonly leases: SiteLeases;
  private readonly pollers = new Map<string, SitePoller>();
  private readonly stopping = new Map<string, Promise<void>>();
  private held = new Set<string>();
  private renewedAt = 0;
  private stopped = false;

  constructor(private readonly options: SiteMonitorOptions) {
    this.leases = siteLeases(options.db, options.instanceId, options.leaseTtlMs);
  }

  polled(): string[] {
    return [...this.pollers.keys()];
  }

  private holds(siteId: string): boolean {
    return !this.stopped && this.held.has(siteId) && Date.now() < this.renewedAt + this.options.leaseTtlMs - LEASE_MARGIN_MS;
  }

  async reconcile(): Promise<void> {
    const { db, instanceId } = this.options;
    const renewStarted = Date.now();
    const held = await this.leases.renewAll();
    this.held = new Set([...this.held].filter((id) => held.has(id)));
    this.renewedAt = renewStarted;
    const candidates = await watchedSiteIds(db, instanceId, new Date());
    for (const id of candidates) {
      if (this.stopped) return;
      if (!held.has(id) && (await this.leases.claim(id))) held.add(id);
    }
    const targets = await siteTargets(
      db,
      candidates.filter((id) => held.has(id)),
    );
    for (const id of held) if (!targets.has(id)) await this.leases.release(id);
    this.held = new Set(targets.keys());
    if (this.stopped) return;
    await this.stopUnwanted(targets);
    for (const [id, target] of targets) {
      const existing = this.pollers.get(id);
      if (existing) {
        existing.update(target);
        continue;
      }
      if (this.stopping.has(id)) continue;
      const poller = new SitePoller(target, {
        db,
        instanceId,
        holdsLease: () => this.holds(id),
        intervalMs: this.options.intervalMs,
        openWatch: this.options.openWatch,
      });
      this.pollers.set(id, poller);
      poller.start();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.pollers.values()].map((p) => p.stop("lost")));
    this.pollers.clear();
    await Promise.all(this.stopping.values());
    await this.leases.releaseAll().catch((error) => console.error("waymark: monitor could not release its site leases", error));
  }

  // Not awaited per poller: a poll in flight may take its whole timeout while the other leases must be renewed.
  private async stopUnwanted(wanted: Map<string, unknown>): Promise<void> {
    const leaving = [...this.pollers.keys()].filter((id) => !wanted.has(id));
    if (leaving.length === 0) return;
    const alive = new Set((await this.options.db.site.findMany({ where: { id: { in: leaving } }, select: { id: true } })).map((s) => s.id));
    for (const id of leaving) {
      const poller = this.pollers.get(id);
      this.pollers.delete(id);
      const stopped = (poller?.stop(alive.has(id) ? "lost" : "deleted") ?? Promise.resolve())
        .catch((error) => console.error(`waymark: monitor could not stop the poller of site ${id}`, error))
        .finally(() => this.stopping.delete(id));
      this.stopping.set(id, stopped);
    }
  }
}
