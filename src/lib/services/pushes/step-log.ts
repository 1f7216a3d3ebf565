import "server-only";
import type { PushProgress, PushStep, StepStatus } from "@/lib/devices/push-types";
import type { Db } from "@/lib/db/client";
import type { PushStepRecord } from "./internal";

// A push's steps as its history shows them: each step once, with its final status. A step reported again (apply's
// progress, a second arm for safe mode, rollback's undo lines) updates its entry: a failure sticks, running details
// are replaced, final details are joined. Writes go one after another, so a later list is never overtaken by an
// earlier, shorter one, and `settled()` waits for them before the push's final record is written.

type Entry = PushStepRecord & { finals: string[] };

export class StepLog {
  private readonly entries: Entry[] = [];
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly pushId: string,
  ) {}

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
    const snapshot = JSON.stringify(this.steps());
    this.writes = this.writes.then(() =>
      this.db.push.update({ where: { id: this.pushId }, data: { steps: snapshot } }).then(
        () => undefined,
        () => undefined,
      ),
    );
  }
}
