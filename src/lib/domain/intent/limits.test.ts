import { describe, expect, it } from "vitest";
import { describeRange, INTENT_LIMITS } from "./limits";

describe("INTENT_LIMITS (read from the schemas)", () => {
  it("gives number ranges with their defaults", () => {
    expect(INTENT_LIMITS.link.weight).toEqual({ kind: "number", min: 1, max: 100, default: 1 });
    expect(INTENT_LIMITS.link.tier).toEqual({ kind: "number", min: 1, max: 5, default: 1 });
    expect(INTENT_LIMITS.probe.intervalMs).toEqual({ kind: "number", min: 100, max: 60_000, default: 300 });
    // minAnswering has no fixed upper bound: the number of targets is, and the schema says so in a refinement.
    expect(INTENT_LIMITS.probe.minAnswering).toEqual({ kind: "number", min: 1, max: null, default: 1 });
    expect(INTENT_LIMITS.probe.port).toEqual({ kind: "number", min: 1, max: 65_535, default: null });
  });

  it("gives the options of every choice", () => {
    expect(INTENT_LIMITS.outbound.method.options).toEqual(["per-connection", "sticky-source", "sticky-source-destination"]);
    expect(INTENT_LIMITS.outbound.lastResort).toEqual({ kind: "choice", options: ["main-table", "unreachable", "blackhole"], default: "main-table" });
    expect(INTENT_LIMITS.backend.state.options).toEqual(["active", "drain", "disabled"]);
    expect(INTENT_LIMITS.link.onFailover.default).toBe("flush");
  });

  it("gives list sizes and the grammar of text fields in the grammar's own words", () => {
    expect(INTENT_LIMITS.links).toEqual({ kind: "list", min: 1, max: 16 });
    expect(INTENT_LIMITS.probe.targets).toEqual({ kind: "list", min: 1, max: 8 });
    expect(INTENT_LIMITS.pools).toEqual({ kind: "list", min: 0, max: 16 });
    expect(INTENT_LIMITS.alerts.to).toEqual({ kind: "list", min: 1, max: 10 });
    expect(INTENT_LIMITS.link.gateway.rule).toBe("an IPv4 address such as 192.0.2.1");
    expect(INTENT_LIMITS.link.name.rule).toMatch(/^1–15 characters/);
    expect(INTENT_LIMITS.outbound.lanSource.rule).toBe("an IPv4 prefix such as 192.168.1.0/24");
    expect(INTENT_LIMITS.pinned.comment.rule).toMatch(/letters, digits/);
  });

  it("says a range in words", () => {
    expect(describeRange(INTENT_LIMITS.link.weight)).toBe("1–100 (default 1)");
    expect(describeRange(INTENT_LIMITS.probe.intervalMs, "ms")).toBe("100–60000 ms (default 300 ms)");
    expect(describeRange(INTENT_LIMITS.probe.minAnswering)).toBe("at least 1 (default 1)");
  });
});
