import { describe, expect, it } from "vitest";
import { stepper } from "./push-progress";
import type { PushProgress } from "./push-types";

describe("[devices] the push stepper", () => {
  it("reports running then ok with the detail, or failed with the error", async () => {
    const events: Parameters<PushProgress>[0][] = [];
    const step = stepper((e) => events.push(e));
    await step(
      "upload",
      async () => 3,
      (n) => `${n} files`,
    );
    await expect(
      step("check", async () => {
        throw new Error("nft -c refused it");
      }),
    ).rejects.toThrow();
    expect(events).toEqual([
      { step: "upload", status: "running" },
      { step: "upload", status: "ok", detail: "3 files" },
      { step: "check", status: "running" },
      { step: "check", status: "failed", detail: "nft -c refused it" },
    ]);
  });

  it("lets work that ran but found the device wanting end its step failed (a gate that did not pass)", async () => {
    const events: Parameters<PushProgress>[0][] = [];
    const step = stepper((e) => events.push(e));
    const gate = await step(
      "gate",
      async () => ({ passed: false, reason: "isp2 down" }),
      (g) => (g.passed ? "ok" : { status: "failed", detail: g.reason }),
    );
    expect(gate.passed).toBe(false);
    expect(events).toEqual([
      { step: "gate", status: "running" },
      { step: "gate", status: "failed", detail: "isp2 down" },
    ]);
  });
});
