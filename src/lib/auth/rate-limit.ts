import "server-only";

// Password-guessing defences kept in memory: they must work before any database round trip, and they survive only
// as long as the process, which is acceptable for one dashboard instance per database.
//
// An attempt is counted when it starts, before the slow password hash, in one synchronous step: parallel requests
// cannot all pass the check before any of them is recorded. Following OWASP's authentication guidance, only the
// account+address pair is locked; an address or an account as a whole is slowed down, never refused, so one
// address (a reverse proxy, a NAT) full of failures cannot lock its other users out.

type Count = { attempts: number; resetAt: number };

// About 100 bytes an entry: however many names and addresses an attacker invents, a map stays near 10 MB.
const MAX_KEYS = 100_000;

/** Attempts per key in fixed windows, bounded in memory. */
class AttemptCounts {
  private readonly counts = new Map<string, Count>();
  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly maxKeys: number,
  ) {}

  get(key: string): Count | undefined {
    const count = this.counts.get(key);
    if (count && count.resetAt <= this.now()) {
      this.counts.delete(key);
      return undefined;
    }
    return count;
  }

  /** Counts one more attempt and returns how many the window held before it. */
  add(key: string): number {
    const count = this.get(key);
    if (count) return count.attempts++;
    this.counts.set(key, { attempts: 1, resetAt: this.now() + this.windowMs });
    if (this.counts.size > this.maxKeys) this.evict();
    return 0;
  }

  giveBack(key: string): void {
    const count = this.get(key);
    if (count && count.attempts > 0) count.attempts -= 1;
  }

  forget(key: string): void {
    this.counts.delete(key);
  }

  get size(): number {
    return this.counts.size;
  }

  // Expired windows first; if that is not enough, the oldest (a Map iterates in insertion order). Evicting down to
  // 90 % keeps the cost of a full scan rare.
  private evict(): void {
    for (const key of [...this.counts.keys()]) this.get(key);
    let excess = this.counts.size - Math.floor(this.maxKeys * 0.9);
    for (const key of this.counts.keys()) {
      if (excess-- <= 0) break;
      this.counts.delete(key);
    }
  }
}

export type FailureLimit = { maxFailures: number; windowMs: number };

/** Locks a key after maxFailures wrong passwords in a window: an account+address pair, a user's password change. */
export class FailureLimiter {
  private readonly counts: AttemptCounts;
  constructor(
    private readonly limit: FailureLimit,
    private readonly now: () => number = Date.now,
    maxKeys = MAX_KEYS,
  ) {
    this.counts = new AttemptCounts(limit.windowMs, now, maxKeys);
  }

  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number {
    const count = this.counts.get(key);
    return count && count.attempts >= this.limit.maxFailures ? count.resetAt - this.now() : 0;
  }

  /**
   * Claims a slot before the password is checked: 0 when the attempt may go ahead (it counts as a failure unless
   * `succeeded` follows), else the milliseconds to wait.
   */
  reserve(key: string): number {
    const waitMs = this.retryAfterMs(key);
    if (waitMs === 0) this.counts.add(key);
    return waitMs;
  }

  /** The password was right: the key starts afresh. */
  succeeded(key: string): void {
    this.counts.forget(key);
  }

  get trackedKeys(): number {
    return this.counts.size;
  }
}

export type SlowDownPolicy = { windowMs: number; freeFailures: number; firstDelayMs: number; maxDelayMs: number };

/**
 * Holds attempts from a key with many recent failures for a delay that doubles with each further failure, up to
 * maxDelayMs. It slows a sequential guesser to one try per maxDelayMs and never refuses anyone.
 */
export class SlowDown {
  private readonly counts: AttemptCounts;
  constructor(
    private readonly policy: SlowDownPolicy,
    now: () => number = Date.now,
    maxKeys = MAX_KEYS,
  ) {
    this.counts = new AttemptCounts(policy.windowMs, now, maxKeys);
  }

  /** Counts an attempt (a failure unless `succeeded` follows) and returns how long to hold it before the check. */
  reserve(key: string): number {
    const before = this.counts.add(key);
    const { freeFailures, firstDelayMs, maxDelayMs } = this.policy;
    return before < freeFailures ? 0 : Math.min(maxDelayMs, firstDelayMs * 2 ** (before - freeFailures));
  }

  /** The password was right: its attempt no longer counts, the others' failures still do. */
  succeeded(key: string): void {
    this.counts.giveBack(key);
  }

  get trackedKeys(): number {
    return this.counts.size;
  }
}

const FIFTEEN_MINUTES = 15 * 60_000;

// 5 wrong passwords per account and address lock that pair for the rest of its 15-minute window.
export const signInByPair = new FailureLimiter({ maxFailures: 5, windowMs: FIFTEEN_MINUTES });
// Spraying from one address, and guessing one account from many addresses: after 10 failures in 15 minutes each
// further attempt waits 0.25 s, 0.5 s, 1 s … at most 3 s.
const SLOW = { windowMs: FIFTEEN_MINUTES, freeFailures: 10, firstDelayMs: 250, maxDelayMs: 3_000 };
export const signInByAddress = new SlowDown(SLOW);
export const signInByAccount = new SlowDown(SLOW);
// A signed-in session guessing its own account's password (POST /me/password), per user.
export const passwordChangeByUser = new FailureLimiter({ maxFailures: 5, windowMs: FIFTEEN_MINUTES });

type Hold = (ms: number) => Promise<void>;
const realHold: Hold = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let hold = realHold;

export function holdAttempt(ms: number): Promise<void> {
  return ms > 0 ? hold(ms) : Promise.resolve();
}

/** Tests record the holds instead of sleeping through them; undefined restores real time. */
export function setAttemptHoldForTests(replacement: Hold | undefined): void {
  hold = replacement ?? realHold;
}
