import "server-only";
import type { Db } from "@/lib/db/client";
import type { DrillEvent, DrillOutcome } from "@/lib/domain/drill";

export type DrillTimings = { detectionMs: number | null; switchMs: number | null; recoveryMs: number | null };
export type DrillEnding = { outcome: Exclude<DrillOutcome, "running">; detail: string };

// The drill's record as it happens: each phase is written when it is reached, so the drills page (and a
// dashboard that takes over after a crash) sees how far it got.
export class DrillRecord {
  readonly events: DrillEvent[] = [];
  readonly timings: DrillTimings = { detectionMs: null, switchMs: null, recoveryMs: null };
  #writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    readonly drillId: string,
  ) {}

  event(phase: DrillEvent["phase"], ms: number | null, detail: string, at = Date.now()): void {
    this.events.push({ phase, at: new Date(at).toISOString(), ms: ms === null ? null : Math.round(ms), detail });
    if (phase === "detected") this.timings.detectionMs = ms === null ? null : Math.round(ms);
    if (phase === "switched") this.timings.switchMs = ms === null ? null : Math.round(ms);
    if (phase === "recovered") this.timings.recoveryMs = ms === null ? null : Math.round(ms);
    const data = { events: JSON.stringify(this.events), ...this.timings };
    this.#writes = this.#writes.then(() => this.db.failoverDrill.update({ where: { id: this.drillId }, data }).catch(() => undefined));
  }

  async finish(ending: DrillEnding): Promise<void> {
    await this.#writes;
    await this.db.failoverDrill.update({
      where: { id: this.drillId },
      data: { outcome: ending.outcome, detail: ending.detail, events: JSON.stringify(this.events), ...this.timings, endedAt: new Date() },
    });
  }
}
