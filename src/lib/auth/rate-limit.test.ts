import { describe, expect, it } from "vitest";
import { FailureLimiter, SlowDown, holdAttempt, setAttemptHoldForTests } from "./rate-limit";

describe("[auth] failure limiter", () => {
  it("blocks after the limit until the window passes", () => {
    let now = 0;
    const limiter = new FailureLimiter({ maxFailures: 3, windowMs: 1000 }, () => now);
    for (let i = 0; i < 3; i++) expect(limiter.reserve("k")).toBe(0);
    expect(limiter.retryAfterMs("k")).toBe(1000);
    expect(limiter.reserve("k")).toBe(1000);
    expect(limiter.retryAfterMs("other")).toBe(0);
    now = 600;
    expect(limiter.reserve("k")).toBe(400);
    now = 1000;
    expect(limiter.retryAfterMs("k")).toBe(0);
  });

  it("counts an attempt when it is reserved, so attempts still being checked use up the limit", () => {
    const limiter = new FailureLimiter({ maxFailures: 5, windowMs: 1000 }, () => 0);
    const granted = Array.from({ length: 40 }, () => limiter.reserve("k")).filter((wait) => wait === 0);
    expect(granted).toHaveLength(5);
  });

  it("forgets a key when its password was right", () => {
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs: 1000 });
    limiter.reserve("k");
    expect(limiter.retryAfterMs("k")).toBeGreaterThan(0);
    limiter.succeeded("k");
    expect(limiter.reserve("k")).toBe(0);
  });

  it("stays within its key bound however many keys arrive, keeping the newest", () => {
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs: 60_000 }, () => 0, 100);
    for (let i = 0; i < 1000; i++) limiter.reserve(`spray-${i}`);
    expect(limiter.trackedKeys).toBeLessThanOrEqual(100);
    expect(limiter.retryAfterMs("spray-999")).toBe(60_000);
  });

  it("evicts expired windows before live ones", () => {
    let now = 0;
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs: 1000 }, () => now, 10);
    for (let i = 0; i < 5; i++) limiter.reserve(`old-${i}`);
    now = 1500;
    for (let i = 0; i < 6; i++) limiter.reserve(`live-${i}`);
    expect(limiter.trackedKeys).toBe(6);
    for (let i = 0; i < 6; i++) expect(limiter.retryAfterMs(`live-${i}`)).toBe(1000);
  });
});

describe("[auth] slow-down", () => {
  const policy = { windowMs: 1000, freeFailures: 3, firstDelayMs: 100, maxDelayMs: 500 };

  it("holds attempts after the free failures, doubling up to the cap, and never refuses", () => {
    const slow = new SlowDown(policy, () => 0);
    expect(Array.from({ length: 8 }, () => slow.reserve("a"))).toEqual([0, 0, 0, 100, 200, 400, 500, 500]);
    expect(slow.reserve("b")).toBe(0);
  });

  it("a right password gives back only its own attempt", () => {
    const slow = new SlowDown(policy, () => 0);
    for (let i = 0; i < 4; i++) slow.reserve("a");
    slow.succeeded("a");
    expect(slow.reserve("a")).toBe(100);
  });

  it("starts afresh when the window passes", () => {
    let now = 0;
    const slow = new SlowDown(policy, () => now);
    for (let i = 0; i < 6; i++) slow.reserve("a");
    now = 1000;
    expect(slow.reserve("a")).toBe(0);
  });
});

describe("[auth] attempt hold", () => {
  it("really waits, and a test can record the holds instead", async () => {
    const started = performance.now();
    await holdAttempt(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    const held: number[] = [];
    setAttemptHoldForTests(async (ms) => void held.push(ms));
    await holdAttempt(0);
    await holdAttempt(3_000);
    setAttemptHoldForTests(undefined);
    expect(held).toEqual([3_000]);
  });
});
