import { describe, expect, it } from "vitest";
import { sitePushOutcome, type MemberPushResult } from "./push-outcome";

const m = (deviceName: string, status: MemberPushResult["status"], reason = ""): MemberPushResult => ({ deviceName, status, reason });

describe("sitePushOutcome", () => {
  it("is confirmed only when every device is, and says so", () => {
    expect(sitePushOutcome([m("web-1", "confirmed"), m("web-2", "confirmed")])).toEqual({ status: "confirmed", detail: "2 of 2 devices confirmed" });
    expect(sitePushOutcome([m("web-1", "confirmed"), m("web-2", "unchanged")])).toEqual({
      status: "confirmed",
      detail: "2 of 2 devices confirmed (1 unchanged)",
    });
    expect(sitePushOutcome([m("web-1", "unchanged"), m("web-2", "unchanged")])).toEqual({
      status: "unchanged",
      detail: "2 of 2 devices confirmed, nothing to change",
    });
  });

  it("is partial when some devices confirmed, naming each other one with its reason", () => {
    expect(sitePushOutcome([m("web-1", "confirmed"), m("web-2", "confirmed"), m("web-3", "rolled_back", "the gate found no heartbeat")])).toEqual({
      status: "partial",
      detail: "2 of 3 devices confirmed; web-3 rolled back: the gate found no heartbeat",
    });
  });

  it("without any confirmed device: refused when all were, rolled back when nothing failed outright, else failed", () => {
    expect(sitePushOutcome([m("a", "refused", "busy"), m("b", "refused", "busy")]).status).toBe("refused");
    expect(sitePushOutcome([m("a", "refused", "busy"), m("b", "rolled_back", "gate")]).status).toBe("rolled_back");
    expect(sitePushOutcome([m("a", "rolled_back", "gate"), m("b", "failed", "unreachable")]).status).toBe("failed");
  });

  it("is running while a device is, and words a removal as taken off", () => {
    expect(sitePushOutcome([m("a", "confirmed"), m("b", "running")]).status).toBe("running");
    expect(sitePushOutcome([m("a", "confirmed")], "taken off").detail).toBe("1 of 1 device taken off");
  });
});
