import { describe, expect, it } from "vitest";
import { hasWaymarkOnDevice, latestSteps, pushSummary, type PushRecord } from "./push-words";

const push = (status: PushRecord["status"], kind: "plan" | "removal"): Pick<PushRecord, "status" | "planHash" | "revision"> =>
  kind === "plan" ? { status, planHash: "ab12", revision: 3 } : { status, planHash: "", revision: null };

describe("[ui] what a device's push history says", () => {
  it("has Waymark on the device after a confirmed or unchanged push, not after a confirmed removal", () => {
    expect(hasWaymarkOnDevice([])).toBe(false);
    expect(hasWaymarkOnDevice([push("confirmed", "plan")])).toBe(true);
    expect(hasWaymarkOnDevice([push("failed", "plan"), push("unchanged", "plan")])).toBe(true);
    expect(hasWaymarkOnDevice([push("confirmed", "removal"), push("confirmed", "plan")])).toBe(false);
    // A removal that rolled back left the plan in place.
    expect(hasWaymarkOnDevice([push("rolled_back", "removal"), push("confirmed", "plan")])).toBe(true);
    expect(hasWaymarkOnDevice([push("refused", "plan"), push("rolled_back", "plan")])).toBe(false);
  });

  it("lists each step once, where it first appeared, with its last status", () => {
    const at = "2026-01-01T00:00:00.000Z";
    const steps = latestSteps([
      { step: "inspect", status: "running", at },
      { step: "inspect", status: "ok", at, detail: "edge (CHR)" },
      { step: "gate", status: "running", at },
      { step: "gate", status: "failed", at, detail: "isp-b down" },
      { step: "rollback", status: "ok", at },
    ]);
    expect(steps.map((s) => [s.step, s.status])).toEqual([
      ["inspect", "ok"],
      ["gate", "failed"],
      ["rollback", "ok"],
    ]);
  });

  it("says a refused push changed nothing, with the device's reason", () => {
    expect(pushSummary({ status: "refused", error: "another push is armed" }, "Push")).toBe(
      "Push refused: nothing was changed on the device — another push is armed",
    );
    expect(pushSummary({ status: "confirmed", error: null }, "Removal")).toBe("Removal confirmed");
  });
});
