import "server-only";
import type { Db } from "@/lib/db/client";
import type { MemberLive, SiteLive } from "@/lib/domain/site/live";
import type { MemberPlan } from "@/lib/domain/site/member-plan";
import { siteSummary } from "@/lib/domain/site/summary";
import { siteBus } from "@/lib/live/bus";
import type { SiteTarget } from "@/lib/services/monitoring/site-targets";
import { PollLoop } from "../poll-loop";
import { MemberPoll, type OpenMemberWatch, openDriverWatch } from "./member-poll";
import { notifySiteObservers } from "./site-observers";

// One site's poll loop: at the site's interval every member that is due (not backing off) is polled at once, each
// over its own kept watch, and the site is published as one SiteLive with its summary, worst first. One poll in
// flight at a time; a poll that ends after the lease was lost is not published (the new holder reports it).

/** A site whose members all back off is published again this often, so subscribers see it is current. */
const QUIET_REPUBLISH_MS = 10_000;
const DEFAULT_INTERVAL_MS = 2_000;

export type SitePollerDeps = {
  db: Db;
  instanceId: string;
  holdsLease: () => boolean;
  /** Every site at this pace instead of its members' interval (tests). */
  intervalMs?: number;
  /** How a member's watch is opened; the driver's watchMember unless a test says otherwise. */
  openWatch?: OpenMemberWatch;
};

export class SitePoller {
  private members = new Map<string, MemberPoll>();
  private last: SiteLive | null = null;
  private seq: number;
  private readonly loop: PollLoop;
  private observing: Promise<void> = Promise.resolve();

  constructor(
    private target: SiteTarget,
    private readonly deps: SitePollerDeps,
  ) {
    const known = siteBus().latest(target.siteId);
    this.seq = known?.polledBy === deps.instanceId ? known.seq : 0;
    this.loop = new PollLoop(
      () => `site ${this.target.siteId}`,
      deps.holdsLease,
      () => this.pollOnce(),
    );
    this.update(target);
  }

  get siteId(): string {
    return this.target.siteId;
  }

  /** The members' interval: the shortest of their devices' poll intervals (2 s when none is pushed). */
  get intervalMs(): number {
    if (this.deps.intervalMs) return this.deps.intervalMs;
    const pushed = this.target.members.filter((m) => m.plan !== null).map((m) => m.device.pollIntervalSec * 1000);
    return pushed.length > 0 ? Math.min(...pushed) : DEFAULT_INTERVAL_MS;
  }

  /** Fresher rows: members added or gone, a newer confirmed plan (re-opens that member's watch), new credentials. */
  update(target: SiteTarget): void {
    this.target = target;
    const ids = new Set(target.members.map((m) => m.device.id));
    for (const [id, member] of this.members) {
      if (ids.has(id)) continue;
      this.members.delete(id);
      void member.close();
    }
    for (const m of target.members) {
      const existing = this.members.get(m.device.id);
      if (existing) existing.update(m);
      else this.members.set(m.device.id, new MemberPoll(m, this.deps.openWatch ?? openDriverWatch));
    }
  }

  start(): void {
    this.loop.start();
  }

  async stop(reason: "lost" | "deleted"): Promise<void> {
    await this.loop.stop();
    await Promise.all([...this.members.values()].map((m) => m.close()));
    await this.observing;
    if (reason === "deleted") siteBus().forget(this.target.siteId);
  }

  private async pollOnce(): Promise<void> {
    const startedAt = Date.now();
    const interval = this.intervalMs;
    this.loop.nextAt = startedAt + interval;
    const members = [...this.members.values()];
    const due = members.filter((m) => m.due);
    if (due.length === 0 && this.last && startedAt - this.last.atMs < QUIET_REPUBLISH_MS) return;
    await Promise.all(due.map((m) => m.poll(interval)));
    if (this.loop.stopped || !this.deps.holdsLease()) return;
    this.emit(members.map((m) => m.live));
  }

  private emit(members: MemberLive[]): void {
    const plans = new Map<string, MemberPlan>();
    for (const m of this.members.values()) if (m.target.plan) plans.set(m.target.device.id, m.target.plan);
    this.seq += 1;
    const update: SiteLive = {
      siteId: this.target.siteId,
      name: this.target.name,
      kind: this.target.kind,
      atMs: Date.now(),
      seq: this.seq,
      polledBy: this.deps.instanceId,
      intervalMs: this.intervalMs,
      members,
      summary: siteSummary(
        this.target.kind,
        members.map((live) => ({ live, plan: plans.get(live.device) ?? null })),
      ),
    };
    const previous = this.last;
    this.last = update;
    this.observing = this.observing.then(() => notifySiteObservers(update, previous, plans));
    siteBus().publish(update);
  }
}
