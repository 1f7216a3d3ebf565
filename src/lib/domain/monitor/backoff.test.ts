import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./backoff";

describe("retry after a failed poll", () => {
  it("doubles from 2 s to at most 60 s for a device that does not answer, never faster than its interval", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 40].map((n) => retryDelayMs(n, true, 2_000))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(retryDelayMs(1, true, 10_000)).toBe(10_000);
  });

  it("waits a minute after a refused login or a changed host key, however many came before", () => {
    expect([1, 2, 9].map((n) => retryDelayMs(n, false, 1_000))).toEqual([60_000, 60_000, 60_000]);
    expect(retryDelayMs(1, false, 300_000)).toBe(300_000);
  });
});
