import { describe, expect, it } from "vitest";

import { isAtDefault, normaliseValue, parseDurationMs } from "./normalise";

describe("[domain] RouterOS value normalisation", () => {
  it.each([
    ["300ms", 300],
    ["10s", 10_000],
    ["1m30s", 90_000],
    ["2d20h12m20s", 245_540_000],
    ["1w2d", 777_600_000],
    ["00:00:00.3", 300],
    ["00:00:00.250", 250],
    ["00:01:00", 60_000],
    ["1d00:00:10", 86_410_000],
    ["5", 5000],
  ])("reads the duration %s as %d ms", (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(["none-dynamic", "auto", "1x", ""])("refuses %j as a duration", (text) => {
    expect(parseDurationMs(text)).toBeNull();
  });

  it("compares booleans, durations, switches, hosts and unordered lists by meaning", () => {
    expect(normaliseValue("passthrough", "yes")).toBe(normaliseValue("passthrough", "true"));
    expect(normaliseValue("interval", "300ms")).toBe(normaliseValue("interval", "00:00:00.3"));
    expect(normaliseValue("fib", "")).toBe(normaliseValue("fib", "true"));
    expect(normaliseValue("src-address", "192.168.10.7/32")).toBe("192.168.10.7");
    expect(normaliseValue("dst-address", "10.20.1.1/16")).toBe("10.20.0.0/16");
    expect(normaliseValue("dst-address", "!10.0.0.0/8")).toBe("!10.0.0.0/8");
    expect(normaliseValue("connection-state", "related,established")).toBe("established,related");
    expect(normaliseValue("gateway", "10.0.0.2,10.0.0.1,10.0.0.1")).toBe("10.0.0.2,10.0.0.1,10.0.0.1");
    expect(normaliseValue("down-script", "a\r\nb")).toBe("a\nb");
  });

  it("treats absent, empty and printed defaults as unset, but an empty switch as on", () => {
    expect(isAtDefault("distance", undefined, { distance: "1" })).toBe(true);
    expect(isAtDefault("distance", "1", { distance: "1" })).toBe(true);
    expect(isAtDefault("distance", "2", { distance: "1" })).toBe(false);
    expect(isAtDefault("src-address", "", {})).toBe(true);
    expect(isAtDefault("blackhole", "", { blackhole: "false" })).toBe(false);
    expect(isAtDefault("blackhole", "false", { blackhole: "false" })).toBe(true);
    expect(isAtDefault("passthrough", "yes", { passthrough: "true" })).toBe(true);
  });

  it("compares percentages by number, so 100% sent and 100.0% printed are the same threshold", () => {
    expect(normaliseValue("thr-loss-percent", "100%")).toBe(normaliseValue("thr-loss-percent", "100.0%"));
    expect(normaliseValue("thr-loss-percent", "85%")).not.toBe(normaliseValue("thr-loss-percent", "100%"));
  });
});
