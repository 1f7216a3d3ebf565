import "server-only";

// Fixed-window failure counter kept in memory: login throttling must work before any database round trip and
// survives only as long as the process, which is acceptable for one dashboard instance per database.
export type RateLimit = { maxFailures: number; windowMs: number };
type Window = { failures: number; resetAt: number };

export class FailureLimiter {
  private readonly windows = new Map<string, Window>();
  constructor(private readonly limit: RateLimit, private readonly now: () => number = Date.now) {}

  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number {
    const window = this.current(key);
    if (!window || window.failures < this.limit.maxFailures) return 0;
    return window.resetAt - this.now();
  }

  recordFailure(key: string): void {
    const window = this.current(key) ?? { failures: 0, resetAt: this.now() + this.limit.windowMs };
    window.failures += 1;
    this.windows.set(key, window);
    if (this.windows.size > 10_000) this.evictExpired();
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.resetAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private evictExpired(): void {
    for (const key of [...this.windows.keys()]) this.current(key);
  }
}

// Per account and address: 5 wrong passwords per 15 minutes. Per address across accounts: 30, against spraying.
export const loginByAccount = new FailureLimiter({ maxFailures: 5, windowMs: 15 * 60_000 });
export const loginByAddress = new FailureLimiter({ maxFailures: 30, windowMs: 15 * 60_000 });
