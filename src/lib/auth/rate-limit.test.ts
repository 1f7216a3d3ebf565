import { describe, expect, it } from "vitest";
import { FailureLimiter } from "./rate-limit";

describe("[auth] failure limiter", () => {
  it("blocks after the limit until the window passes", () => {
    let now = 0;
    const limiter = new FailureLimiter({ maxFailures: 3, windowMs: 1000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs("k")).toBe(0);
      limiter.recordFailure("k");
    }
    expect(limiter.retryAfterMs("k")).toBe(1000);
    expect(limiter.retryAfterMs("other")).toBe(0);
    now = 600;
    expect(limiter.retryAfterMs("k")).toBe(400);
    now = 1000;
    expect(limiter.retryAfterMs("k")).toBe(0);
  });

  it("forgets a key on reset", () => {
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs: 1000 });
    limiter.recordFailure("k");
    limiter.reset("k");
    expect(limiter.retryAfterMs("k")).toBe(0);
  });
});
