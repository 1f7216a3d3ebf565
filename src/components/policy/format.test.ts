import { describe, expect, it } from "vitest";
import { describeReadFailure } from "./device-state/words";
import { formatBitRate, formatCount, formatDuration } from "./format";

describe("[ui] readings in words", () => {
  it("formats counters exactly, rates in bit/s and durations", () => {
    expect(formatCount("18446744073709551615")).toBe("18,446,744,073,709,551,615");
    expect(formatCount(null)).toBe("—");
    expect(formatBitRate(8_000)).toBe("8.0 kbit/s");
    expect(formatBitRate(null)).toBe("—");
    expect([3_500, 300_000, 7_800_000, 97_200_000].map(formatDuration)).toEqual(["3 s", "5 min", "2 h 10 min", "1 d 3 h"]);
  });

  it("says why a read failed in the admin's words, keeping the device's own message", () => {
    expect(describeReadFailure("device_unreachable", "connect ECONNREFUSED 127.0.0.1:8728")).toBe(
      "Waymark cannot reach the device: connect ECONNREFUSED 127.0.0.1:8728",
    );
    expect(describeReadFailure("precondition_failed", "nothing has been pushed to this device yet")).toBe("nothing has been pushed to this device yet");
  });
});
