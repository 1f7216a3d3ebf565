import { describe, expect, it } from "vitest";
import { bfdDetection, checkDetection, heartbeatDetection, lastPushWords, msWords, nextNodeId, suggestAsn } from "./words";

describe("site words", () => {
  it("says detection times from the values as typed", () => {
    expect(heartbeatDetection({ intervalMs: 100, deadAfter: 3 })).toContain("after about 300 ms (3 heartbeats of 100 ms unheard)");
    expect(heartbeatDetection({ intervalMs: 500, deadAfter: 4 })).toContain("about 2 s");
    expect(bfdDetection({ intervalMs: 100, multiplier: 3 }, 9)).toBe(
      "BFD notices a dead server or link after 300 ms (3 × 100 ms); without BFD the edge would wait for the BGP hold time, 9 s.",
    );
    expect(checkDetection({ intervalMs: 500, downCount: 3, upCount: 2 })).toContain(
      "after 3 failed checks (about 1.5 s) and back after 2 good ones (about 1 s)",
    );
  });

  it("falls back to the schema's defaults while a field is empty", () => {
    expect(heartbeatDetection({ intervalMs: "" as unknown as number })).toContain("300 ms");
    expect(msWords(1500)).toBe("1.5 s");
  });

  it("suggests free private AS numbers and node numbers", () => {
    expect(suggestAsn([65000])).toBe(65001);
    expect(suggestAsn([65000, 65001, 65002])).toBe(65003);
    expect(nextNodeId([1, 3])).toBe(2);
    expect(nextNodeId([])).toBe(1);
  });

  it("says the last push in words", () => {
    expect(lastPushWords(null)).toBe("never pushed");
  });
});
