import "server-only";
import type { Db } from "@/lib/db/client";
import type { Device } from "@/lib/db/generated/sqlite/client";
import type { DeviceWatch } from "@/lib/devices";
import type { DeviceReading } from "@/lib/domain/device/reading";
import { retryDelayMs } from "@/lib/domain/monitor/backoff";
import type { DeviceLive, PollState } from "@/lib/domain/monitor/live";
import { liveRates } from "@/lib/domain/monitor/rates";
import { liveBus } from "@/lib/live/bus";
import { type ConfirmedPlan, confirmedPlan, lastConfirmedPushId } from "@/lib/services/pushes/confirmed-plan";
import { driverForDevice } from "@/lib/services/pushes/driver-for-device";
import { notifyObservers } from "./observers";
import { connectionKey, describePollFailure } from "./poll-failure";
import { PollLoop } from "./poll-loop";

// One device's poll loop: one poll in flight at a time, at the device's interval, over one watch (the driver's
// kept-open session) reused across polls. The watch is opened again only when what it reads changes: a newer
// confirmed push (a new plan), the device's address or credentials, or the interval. Nothing confirmed on the
// device: `not_pushed`, no session at all. Failures back off (domain/monitor/backoff.ts) and say why. Each poll's
// update goes to the observers (chained per device, never awaited by the loop) and to the live bus.

/**
 * How often a poller on its own asks the database whether a newer push confirmed (one indexed row). Under the
 * monitor it does not ask: the monitor's one grouped query per reconcile tells every poller (noteConfirmedAt).
 */
const PLAN_CHECK_MS = 3_000;
/** How often an unchanged not_pushed (or paused) state is published again, so subscribers see it is current. */
const QUIET_REPUBLISH_MS = 10_000;

export type PollerDeps = {
  db: Db;
  instanceId: string;
  holdsLease: () => boolean;
  /** Polls at this pace whatever the device says (benchmarks, and tests that need many polls quickly). */
  intervalMs?: number;
};

export class DevicePoller {
  private watch: DeviceWatch | null = null;
  private watchKey = "";
  private plan: ConfirmedPlan | null = null;
  private planCheckedAt = 0;
  /** When the last confirmed push started, as the monitor last read it; undefined: no monitor told this poller. */
  private confirmedAt: number | null | undefined = undefined;
  /** `confirmedAt` as it was when `plan` was loaded; "stale" forces a reload. */
  private planConfirmedAt: number | null | "stale" = "stale";
  private last: DeviceLive | null = null;
  private lastGood: DeviceReading | null = null;
  private failures = 0;
  private lastStartedAt = 0;
  private readonly loop: PollLoop;
  private observing: Promise<void> = Promise.resolve();
  private seq: number;

  constructor(
    private device: Device,
    private readonly deps: PollerDeps,
  ) {
    const known = liveBus().latest(device.id);
    this.seq = known?.polledBy === deps.instanceId ? known.seq : 0;
    this.loop = new PollLoop(
      () => `device ${this.device.id}`,
      deps.holdsLease,
      () => this.pollOnce(),
    );
  }

  get deviceId(): string {
    return this.device.id;
  }

  get intervalMs(): number {
    return this.deps.intervalMs ?? this.device.pollIntervalSec * 1000;
  }

  start(): void {
    this.loop.start();
  }

  /** A fresher inventory row: a changed interval takes effect from the last poll's start, new credentials at once. */
  update(device: Device): void {
    const intervalChanged = device.pollIntervalSec !== this.device.pollIntervalSec;
    const moved = connectionKey(device) !== connectionKey(this.device);
    this.device = device;
    if (moved) {
      // New address or credentials: whatever failed before may work now, so no backoff carries over.
      this.failures = 0;
      this.loop.nextAt = 0;
      this.loop.wakeNow();
    } else if (intervalChanged && this.failures === 0 && this.lastStartedAt > 0) {
      this.loop.nextAt = this.lastStartedAt + this.intervalMs;
      this.loop.wakeNow();
    }
  }

  /** The monitor's latest reading of when this device's last confirmed push started (null: nothing confirmed). */
  noteConfirmedAt(at: number | null): void {
    this.confirmedAt = at;
  }

  /** Ends the loop after the poll in flight; `paused` publishes that the admin turned monitoring off. */
  async stop(reason: "paused" | "deleted" | "lost"): Promise<void> {
    await this.loop.stop();
    await this.closeWatch();
    if (reason === "paused") this.emit(this.quietUpdate("paused", null));
    await this.observing;
    if (reason === "deleted") liveBus().forget(this.device.id);
  }

  private async pollOnce(): Promise<void> {
    const startedAt = Date.now();
    this.lastStartedAt = startedAt;
    const plan = await this.currentPlan(startedAt);
    if (plan.plan === null) {
      await this.closeWatch();
      // A reading of a plan the device no longer runs (the policy removed) would show links that are not there.
      this.lastGood = null;
      this.loop.nextAt = startedAt + Math.max(this.intervalMs, 2_000);
      if (this.last?.state !== "not_pushed" || startedAt - this.last.at >= QUIET_REPUBLISH_MS) this.emit(this.quietUpdate("not_pushed", plan.reason));
      return;
    }
    try {
      const reading = await this.withoutPassingDrift(plan, await this.watchFor(plan).poll());
      const rates = liveRates(reading, this.lastGood);
      this.lastGood = reading;
      this.failures = 0;
      this.loop.nextAt = startedAt + this.intervalMs;
      this.emitPolled({ ...this.base("ok", null), pollMs: Date.now() - startedAt, reading, rates, lastPush: plan.push });
    } catch (error) {
      this.failures += 1;
      const { status: state, problem, retryable } = describePollFailure(error, this.device.id, "monitor", "device");
      this.loop.nextAt = Date.now() + retryDelayMs(this.failures, retryable, this.intervalMs);
      this.emitPolled({ ...this.base(state, problem), nextAttemptAt: this.loop.nextAt, pollMs: Date.now() - startedAt, lastPush: plan.push });
    }
  }

  /**
   * Drift read while a push or drill holds the device (its plan is being replaced, a drill's block is in place), or
   * just after a push confirmed a plan this poller has not seen yet, is the dashboard's own work, not the admin's:
   * the reading keeps the verdict from before, and the next poll reads against the current plan.
   */
  private async withoutPassingDrift(plan: ConfirmedPlan, reading: DeviceReading): Promise<DeviceReading> {
    if (!reading.drift.drifted || this.lastGood?.drift.drifted) return reading;
    const lock = await this.deps.db.deviceLock.findUnique({ where: { deviceId: this.device.id }, select: { deviceId: true } });
    const newer = lock ? null : await lastConfirmedPushId(this.deps.db, this.device.id);
    if (!lock && newer === plan.push?.id) return reading;
    this.planCheckedAt = 0;
    this.planConfirmedAt = "stale";
    return { ...reading, drift: this.lastGood?.drift ?? { drifted: false, entries: [] } };
  }

  private async currentPlan(now: number): Promise<ConfirmedPlan> {
    if (this.confirmedAt !== undefined) return this.monitoredPlan();
    if (this.plan && now - this.planCheckedAt < PLAN_CHECK_MS) return this.plan;
    const id = await lastConfirmedPushId(this.deps.db, this.device.id);
    if (!this.plan || id !== this.plan.push?.id) this.plan = await confirmedPlan(this.deps.db, this.device.id);
    this.planCheckedAt = now;
    return this.plan;
  }

  /** The plan again only when the monitor saw a different last confirmed push: no query per poll. */
  private async monitoredPlan(): Promise<ConfirmedPlan> {
    if (this.plan && this.planConfirmedAt === this.confirmedAt) return this.plan;
    // Taken before the read: a push confirmed meanwhile shows as a new time at the next tick and reloads again.
    const at = this.confirmedAt ?? null;
    this.plan = await confirmedPlan(this.deps.db, this.device.id);
    this.planConfirmedAt = at;
    return this.plan;
  }

  private watchFor(plan: Extract<ConfirmedPlan, { appliedHash: string | null }>): DeviceWatch {
    const key = `${plan.push.id}|${connectionKey(this.device)}|${this.intervalMs}`;
    if (this.watch && key === this.watchKey) return this.watch;
    void this.closeWatch();
    // Cleared first: if the driver cannot be made (credentials that do not open), the next poll tries again.
    this.watchKey = "";
    this.watch = driverForDevice(this.device).watch(plan.plan, plan.appliedHash, { intervalMs: this.intervalMs });
    this.watchKey = key;
    return this.watch;
  }

  private async closeWatch(): Promise<void> {
    const watch = this.watch;
    this.watch = null;
    this.watchKey = "";
    await watch?.close().catch(() => undefined);
  }

  private base(state: PollState, problem: string | null): DeviceLive {
    this.seq += 1;
    return {
      deviceId: this.device.id,
      seq: this.seq,
      at: Date.now(),
      intervalMs: this.intervalMs,
      state,
      problem,
      nextAttemptAt: null,
      pollMs: null,
      polledBy: this.deps.instanceId,
      reading: this.lastGood,
      rates: null,
      lastPush: this.last?.lastPush ?? null,
    };
  }

  private quietUpdate(state: "not_pushed" | "paused", problem: string | null): DeviceLive {
    return { ...this.base(state, problem), lastPush: this.plan?.push ?? null };
  }

  /** A poll that ended after the lease was lost (the process froze mid-poll) is the new holder's to report. */
  private emitPolled(update: DeviceLive): void {
    if (this.deps.holdsLease()) this.emit(update);
  }

  private emit(update: DeviceLive): void {
    const previous = this.last;
    this.last = update;
    this.observing = this.observing.then(() => notifyObservers(update, previous));
    liveBus().publish(update);
  }
}
