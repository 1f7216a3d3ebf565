import "server-only";
import type { Db } from "@/lib/db/client";
import type { Device } from "@/lib/db/generated/sqlite/client";
import { lastConfirmedAt } from "@/lib/services/pushes/confirmed-plan";
import { DevicePoller } from "./device-poller";
import { LEASE_TTL_MS, leases, type Leases } from "./lease";
import type { OpenMemberWatch } from "./sites/member-poll";
import { SiteMonitor } from "./sites/site-monitor";

// The set of devices this instance polls, reconciled every second: renew the leases it holds, claim monitored
// devices whose lease is free or expired, start a poller for each device held and stop the others (unmonitored:
// "paused"; deleted: forgotten; taken over by another instance: quietly). A poller polls only while this
// instance's last successful renewal is comfortably inside the lease, so two instances never poll one device at
// once even when the database is slow to answer. Sites (./sites/) are leased and polled the same way, after the
// devices in each reconcile.

export type MonitorOptions = {
  db: Db;
  instanceId: string;
  reconcileMs?: number;
  leaseTtlMs?: number;
  /** Every device at this pace instead of its own interval (benchmarks, and tests that need many polls quickly). */
  intervalMs?: number;
  /** How site members' watches are opened (tests); the driver's watchMember by default. */
  openMemberWatch?: OpenMemberWatch;
};

/** A poll starts only with at least this much of the lease left. */
const LEASE_MARGIN_MS = 2_000;

export class Monitor {
  readonly instanceId: string;
  private readonly db: Db;
  private readonly leases: Leases;
  private readonly reconcileMs: number;
  private readonly leaseTtlMs: number;
  private readonly intervalMs: number | undefined;
  private readonly pollers = new Map<string, DevicePoller>();
  /** Pollers ending (their poll in flight finishing); a device gets a new poller only once its old one ended. */
  private readonly stopping = new Map<string, Promise<void>>();
  private held = new Set<string>();
  private renewedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = true;
  private readonly sites: SiteMonitor;

  constructor(options: MonitorOptions) {
    this.db = options.db;
    this.instanceId = options.instanceId;
    this.leaseTtlMs = options.leaseTtlMs ?? LEASE_TTL_MS;
    this.reconcileMs = options.reconcileMs ?? 1_000;
    this.intervalMs = options.intervalMs;
    this.leases = leases(options.db, options.instanceId, this.leaseTtlMs);
    this.sites = new SiteMonitor({
      db: options.db,
      instanceId: options.instanceId,
      leaseTtlMs: this.leaseTtlMs,
      intervalMs: options.intervalMs,
      openWatch: options.openMemberWatch,
    });
  }

  /** The devices this instance polls now. */
  polled(): string[] {
    return [...this.pollers.keys()];
  }

  /** The sites this instance polls now. */
  polledSites(): string[] {
    return this.sites.polled();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops every poller and gives their leases up, so another instance takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await Promise.all([...this.pollers.values()].map((p) => p.stop("lost")));
    this.pollers.clear();
    await Promise.all(this.stopping.values());
    await this.sites.stop();
    await this.leases.releaseAll().catch((error) => console.error("waymark: monitor could not release its leases", error));
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.reconcile()
        .catch((error) => console.error("waymark: monitor reconcile failed", error))
        .finally(() => {
          if (!this.stopped) this.schedule(this.reconcileMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private holds(deviceId: string): boolean {
    return !this.stopped && this.held.has(deviceId) && Date.now() < this.renewedAt + this.leaseTtlMs - LEASE_MARGIN_MS;
  }

  private async reconcile(): Promise<void> {
    const renewStarted = Date.now();
    const held = await this.leases.renewAll();
    // Leases lost meanwhile (taken over while this process was frozen or the database away) leave the set before
    // the fresh renewal makes holds() true again, or their pollers would poll once more beside the new holder.
    this.held = new Set([...this.held].filter((id) => held.has(id)));
    this.renewedAt = renewStarted;
    const now = new Date();
    const candidates = await this.db.device.findMany({
      where: {
        monitored: true,
        OR: [{ pollLease: null }, { pollLease: { expiresAt: { lt: now } } }, { pollLease: { instanceId: this.instanceId } }],
      },
    });
    for (const device of candidates) {
      if (this.stopped) return;
      if (!held.has(device.id) && (await this.leases.claim(device.id))) held.add(device.id);
    }
    const wanted = new Map(candidates.filter((d) => held.has(d.id)).map((d) => [d.id, d]));
    for (const id of held) if (!wanted.has(id)) await this.leases.release(id);
    this.held = new Set(wanted.keys());
    if (this.stopped) return;
    await this.stopUnwanted(wanted);
    // One grouped query for every device held, instead of each poller asking for its own on every poll.
    const confirmed = await lastConfirmedAt(this.db, [...wanted.keys()]);
    if (this.stopped) return;
    for (const [id, device] of wanted) this.startOrUpdate(id, device, confirmed.get(id) ?? null);
    // A site's trouble (its rows, its leases) must not stop the devices' polling, nor theirs the sites'.
    await this.sites.reconcile().catch((error) => console.error("waymark: monitor could not reconcile the sites", error));
  }

  private startOrUpdate(id: string, device: Device, confirmedAt: number | null): void {
    const existing = this.pollers.get(id);
    if (existing) {
      existing.update(device);
      existing.noteConfirmedAt(confirmedAt);
      return;
    }
    if (this.stopping.has(id)) return;
    const poller = new DevicePoller(device, { db: this.db, instanceId: this.instanceId, holdsLease: () => this.holds(id), intervalMs: this.intervalMs });
    poller.noteConfirmedAt(confirmedAt);
    this.pollers.set(id, poller);
    poller.start();
  }

  // Not awaited by the reconcile: a poll in flight may take its whole timeout, and the other devices' leases must
  // be renewed meanwhile.
  private async stopUnwanted(wanted: Map<string, Device>): Promise<void> {
    const leaving = [...this.pollers.keys()].filter((id) => !wanted.has(id));
    if (leaving.length === 0) return;
    const rows = await this.db.device.findMany({ where: { id: { in: leaving } }, select: { id: true, monitored: true } });
    const monitored = new Map(rows.map((r) => [r.id, r.monitored]));
    for (const id of leaving) {
      const poller = this.pollers.get(id);
      this.pollers.delete(id);
      const reason = !monitored.has(id) ? "deleted" : monitored.get(id) ? "lost" : "paused";
      const stopped = (poller?.stop(reason) ?? Promise.resolve())
        .catch((error) => console.error(`waymark: monitor could not stop the poller of device ${id}`, error))
        .finally(() => this.stopping.delete(id));
      this.stopping.set(id, stopped);
    }
  }
}
