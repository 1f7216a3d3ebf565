import { describe, expect, it } from "vitest";
import { WATCH_INTERVAL, watchScript } from "./watch-script";

describe("the gateway's watch loop", () => {
  it("carries only numbers from the plan: link names stay on the dashboard, marks are hex", () => {
    const script = watchScript([{ name: "isp1'; reboot #", mark: 0x100 }], 2_000);
    expect(script).not.toContain("isp1");
    expect(script).not.toContain("reboot");
    expect(script).toContain("every=2000");
    expect(script).toContain('split("256", m, " ")');
  });

  it("refuses an interval or a mark outside its grammar", () => {
    expect(() => watchScript([], WATCH_INTERVAL.min - 1)).toThrow(/interval/);
    expect(() => watchScript([], 1500.5)).toThrow(/interval/);
    expect(() => watchScript([{ name: "isp1", mark: 0x10000 }], 1_000)).toThrow(/mark/);
  });
});
