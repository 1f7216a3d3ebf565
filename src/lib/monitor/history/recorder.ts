import "server-only";
import { db as defaultDb, type Db } from "@/lib/db/client";
import { sampleFromLive } from "@/lib/domain/monitor/history/series";
import type { DeviceLive } from "@/lib/domain/monitor/live";
import { transitions } from "@/lib/domain/monitor/transitions";
import { siteSampleFromLive } from "@/lib/domain/site/history";
import type { SiteLive } from "@/lib/domain/site/live";
import type { MemberPlan } from "@/lib/domain/site/member-plan";
import { type SiteStates, siteTransitions } from "@/lib/domain/site/transitions";
import { packSample } from "@/lib/services/trends/stored-blocks";
import type { PollObserver } from "../observers";
import type { SiteObserver } from "../sites/site-observers";

// The history's poll observer: each new reading becomes one encoded sample, each change of state one StateEvent.
// Nothing is written per poll: every second one insert carries every device's pending samples (1,000 devices at
// 2 s make ~1 insert a second, not 500), so an instance killed mid-way loses at most about a second of history.
// Sites are recorded the same way: one SiteSample per poll of a site's members, and each member's node, route and
// BGP changes as StateEvents on the member's device (domain/site/transitions.ts).

type PendingSample = { deviceId: string; atMs: bigint; data: Uint8Array<ArrayBuffer> };
type PendingSiteSample = { siteId: string; atMs: bigint; data: Uint8Array<ArrayBuffer> };
type PendingEvent = {
  deviceId: string;
  subject: string;
  name: string;
  state: string;
  previous: string | null;
  atMs: bigint;
  lossPercent: number | null;
  rttMs: number | null;
  detail: string;
};

/** A pending backlog past this (the database away for minutes) drops the oldest samples rather than the process. */
const MAX_PENDING = 200_000;
/** A batch waits up to 30 s for a connection and 30 s to run, rather than failing behind the pollers' queries. */
const HISTORY_TX = { maxWait: 30_000, timeout: 30_000 };

export class HistoryRecorder {
  private samples: PendingSample[] = [];
  private events: PendingEvent[] = [];
  private siteSamples: PendingSiteSample[] = [];
  /** Each site's members' last known node, route and session states, for the next update's changes. */
  private siteStates = new Map<string, SiteStates>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(private readonly database: () => Db = defaultDb) {}

  readonly observer: PollObserver = { name: "history", observe: (update, previous) => this.observe(update, previous) };

  observe(update: DeviceLive, previous: DeviceLive | null): void {
    const fresh = update.reading && update.reading.readAtMs !== previous?.reading?.readAtMs;
    const sample = fresh ? sampleFromLive(update) : null;
    if (sample) this.samples.push({ deviceId: update.deviceId, atMs: BigInt(sample.times[0]!), data: packSample(sample) });
    for (const t of transitions(previous, update)) {
      this.events.push({
        deviceId: update.deviceId,
        subject: t.subject,
        name: t.name,
        state: t.state,
        previous: t.previous,
        atMs: BigInt(Math.round(t.atMs)),
        lossPercent: t.lossPercent,
        rttMs: t.rttMs,
        detail: t.detail.slice(0, 2000),
      });
    }
    if (this.samples.length > MAX_PENDING) this.samples.splice(0, this.samples.length - MAX_PENDING);
  }

  readonly siteObserver: SiteObserver = { name: "history", observe: (update, _previous, plans) => this.observeSite(update, plans) };

  observeSite(update: SiteLive, plans: ReadonlyMap<string, MemberPlan>): void {
    const { changes, known } = siteTransitions(this.siteStates.get(update.siteId) ?? new Map(), update, plans);
    this.siteStates.set(update.siteId, known);
    const dead = new Set([...known.values()].filter((s) => s.subject === "node" && s.state === "dead").map((s) => s.device));
    const sample = siteSampleFromLive(update, dead);
    if (sample) this.siteSamples.push({ siteId: update.siteId, atMs: BigInt(sample.times[0]!), data: packSample(sample) });
    for (const c of changes) {
      const event = { deviceId: c.device, subject: c.subject, name: c.name, state: c.state, previous: c.previous };
      this.events.push({ ...event, atMs: BigInt(Math.round(c.atMs)), lossPercent: null, rttMs: null, detail: c.detail.slice(0, 2000) });
    }
    if (this.siteSamples.length > MAX_PENDING) this.siteSamples.splice(0, this.siteSamples.length - MAX_PENDING);
  }

  /** Writes what is pending in one insert per table; on failure keeps it for the next second. */
  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const samples = this.samples;
    const events = this.events;
    const siteSamples = this.siteSamples;
    if (samples.length === 0 && events.length === 0 && siteSamples.length === 0) return;
    this.samples = [];
    this.events = [];
    this.siteSamples = [];
    this.flushing = (async () => {
      try {
        const db = this.database();
        // A device deleted since its poll would fail the whole insert on its foreign key; keep the others.
        const ids = [...new Set([...samples, ...events].map((s) => s.deviceId))];
        const alive = new Set((await db.device.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((d) => d.id));
        const keptSamples = samples.filter((s) => alive.has(s.deviceId));
        const keptEvents = events.filter((e) => alive.has(e.deviceId));
        const siteIds = [...new Set(siteSamples.map((s) => s.siteId))];
        const sites = siteIds.length === 0 ? [] : await db.site.findMany({ where: { id: { in: siteIds } }, select: { id: true } });
        const keptSites = new Set(sites.map((s) => s.id));
        const keptSiteSamples = siteSamples.filter((s) => keptSites.has(s.siteId));
        // One transaction: a retry after a failure never writes the samples twice. Behind a busy fleet's queries
        // the default 2 s wait for a connection fails the whole batch (P2028); waiting longer loses nothing.
        await db.$transaction(
          [
            db.monitorSample.createMany({ data: keptSamples }),
            db.stateEvent.createMany({ data: keptEvents }),
            db.siteSample.createMany({ data: keptSiteSamples }),
          ],
          HISTORY_TX,
        );
      } catch (error) {
        console.error("waymark: history could not be written; retrying in a second", error);
        this.samples = [...samples, ...this.samples];
        this.events = [...events, ...this.events];
        this.siteSamples = [...siteSamples, ...this.siteSamples];
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flushing;
    await this.flush();
  }
}
