import "server-only";
import type { PushProgress, PushStep, StepStatus } from "@/lib/devices/push-types";
import type { Db } from "@/lib/db/client";
import type { PushStepRecord } from "./internal";

/** Writes a push's steps so far; a failed write is ignored (the next one carries every step again). */
export type PersistSteps = (steps: PushStepRecord[]) => Promise<unknown>;

// A push's steps as its history shows them: each step once, with its final status. A step reported again (apply's
// progress, a second arm for safe mode, rollback's undo lines) updates its entry: a failure sticks, running details
// are replaced, final details are joined. Writes go one after another, so a later list is never overtaken by an
// earlier, shorter one, and `settled()` waits for them before the push's final record is written.

type Entry = PushStepRecord & { finals: string[] };

export class StepLog {
  private readonly entries: Entry[] = [];
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly persist: PersistSteps) {}

  /** The steps of a device push, kept in its Push row. */
  static forPush(db: Db, pushId: string): StepLog {
    return new StepLog((steps) => db.push.update({ where: { id: pushId }, data: { steps: JSON.stringify(steps) } }));
  }

  readonly record: PushProgress = (event) => this.add(event.step, event.status, event.detail);

  add(step: PushStep, status: StepStatus, detail?: string): void {
    const at = new Date().toISOString();
    let entry = this.entries.find((e) => e.step === step);
    if (!entry) {
      entry = { step, status, at, finals: [] };
      this.entries.push(entry);
    }
    const wasFailed = entry.status === "failed";
    entry.status = wasFailed ? "failed" : status;
    entry.at = at;
    if (status === "running") {
      if (entry.finals.length === 0 && detail !== undefined) entry.detail = detail;
    } else if (detail) {
      entry.finals.push(detail);
      entry.detail = entry.finals.join("; ");
    } else if (entry.finals.length === 0) {
      delete entry.detail;
    }
    this.save();
  }

  steps(): PushStepRecord[] {
    return this.entries.map(({ finals: _finals, ...record }) => record);
  }

  /** Resolves when every write so far has reached the database. */
  settled(): Promise<void> {
    return this.writes;
  }

  private save(): void {
    const snapshot = this.steps();
    this.writes = this.writes.then(() =>
      this.persist(snapshot).then(
        () => undefined,
        () => undefined,
      ),
    );
  }
}
