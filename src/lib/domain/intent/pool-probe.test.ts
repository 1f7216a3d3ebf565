import { describe, expect, it } from "vitest";
import { ZPoolProbe } from "./inbound";
import { poolCheckWords, poolDetectionMs, poolProbeSettings, poolProbeWords, poolReturnMs, poolTimingWords } from "./pool-probe";

const probe = (input: Record<string, unknown>) => ZPoolProbe.parse(input);

describe("[domain] a pool's backend check in numbers and words", () => {
  it("fills the defaults the form, the meaning and both compilers share: 2 failed, 2 answered, GET / expecting 200", () => {
    expect(poolProbeSettings(probe({ type: "http" }))).toMatchObject({ downCount: 2, upCount: 2, path: "/", expectStatus: 200 });
    expect(poolProbeSettings(probe({ type: "tcp", downCount: 4 }))).toEqual({ type: "tcp", intervalMs: 1000, timeoutMs: 500, downCount: 4, upCount: 2 });
  });

  it("times detection and return as count × interval", () => {
    const p = probe({ type: "tcp", intervalMs: 500, timeoutMs: 300, downCount: 2, upCount: 3 });
    expect([poolDetectionMs(p), poolReturnMs(p)]).toEqual([1000, 1500]);
    expect(poolTimingWords(p)).toBe("a dead backend is out after about 1.0 s and back about 1.5 s after it answers again");
  });

  it("says each kind of check the way the pools page writes it", () => {
    expect(poolProbeWords(probe({ type: "icmp" }))).toBe("ping");
    expect(poolProbeWords(probe({ type: "tcp" }))).toBe("TCP connect");
    expect(poolCheckWords(probe({ type: "http", path: "/healthz", expectStatus: 204, intervalMs: 2000, timeoutMs: 500 }))).toBe(
      "HTTP GET /healthz expecting 204 every 2 s, 500 ms timeout; a dead backend is out after about 4.0 s and back about 4.0 s after it answers again",
    );
  });
});
