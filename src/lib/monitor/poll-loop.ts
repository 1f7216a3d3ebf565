import "server-only";

// The pace shared by the device and site pollers: one poll in flight at a time, the next one when it is due and this
// instance still holds the lease. A poll that throws (a database hiccup) is tried again at the next tick; the loop
// itself never ends until stopped.

/** The loop wakes at least this often, to see interval changes and lease loss. */
export const TICK_MS = 1_000;

export class PollLoop {
  /** When the next poll is due; the poll itself sets it (interval, or backoff after a failure). */
  nextAt = 0;
  stopped = false;
  private wake: (() => void) | null = null;
  private done: Promise<void> = Promise.resolve();

  constructor(
    /** Named in the log line of a poll that threw: `device <id>`, `site <id>`. */
    private readonly subject: () => string,
    private readonly holdsLease: () => boolean,
    private readonly pollOnce: () => Promise<void>,
  ) {}

  start(): void {
    this.done = this.run();
  }

  /** Ends the loop after the poll in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeNow();
    await this.done;
  }

  /** Looks at `nextAt` again now rather than at the next tick (a new interval, new credentials). */
  wakeNow(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (Date.now() >= this.nextAt && this.holdsLease()) {
        try {
          await this.pollOnce();
        } catch (error) {
          console.error(`waymark: monitor poll of ${this.subject()} failed`, error);
          this.nextAt = Date.now() + TICK_MS;
        }
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(10, Math.min(this.nextAt - Date.now(), TICK_MS)));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}
