import { describe, expect, it } from "vitest";
import { compileLinux } from "@/lib/domain/compile/linux";
import { ZIntent } from "@/lib/domain/intent";
import { DUAL_WAN_EXAMPLE } from "@/lib/domain/intent/examples";
import { parseSettle, type GatewaySettle } from "../push/settle-script";
import { planHashOf } from "./plan-hash";
import { judgeSettle } from "./settle";

const plan = compileLinux(ZIntent.parse(DUAL_WAN_EXAMPLE), { flavour: "nftables" });
const TABLE = "a".repeat(64);
const nothing: GatewaySettle = { switch: null, outcome: null, abandoned: false, appliedPlanHash: null, tableHash: null, present: [] };

describe("[linux] settling a push the dashboard lost", () => {
  it("reads the gateway's answer, ignoring anything that is not a well-formed hash", () => {
    expect(parseSettle(`outcome=confirmed\napplied=${planHashOf(plan)}\ntable=${TABLE}\npresent=nft-table rules files\n`)).toEqual({
      switch: null,
      outcome: "confirmed",
      abandoned: false,
      appliedPlanHash: planHashOf(plan),
      tableHash: TABLE,
      present: ["nft-table", "rules", "files"],
    });
    expect(parseSettle("switch=armed\n")).toMatchObject({ switch: "armed", outcome: null });
    expect(parseSettle("outcome=\nabandoned=yes\napplied=not-a-hash\ntable=\npresent=\n")).toEqual({ ...nothing, abandoned: true });
  });

  it("trusts the gateway's own record of the push first", () => {
    expect(judgeSettle({ ...nothing, switch: "armed" }, plan).outcome).toBe("pending");
    expect(judgeSettle({ ...nothing, switch: "fired" }, plan).outcome).toBe("pending");
    // Recorded as confirmed even though the applied hash is some other plan's: the record is of this push.
    expect(judgeSettle({ ...nothing, outcome: "confirmed", tableHash: TABLE, appliedPlanHash: "b".repeat(64) }, plan)).toMatchObject({
      outcome: "confirmed",
      appliedHash: TABLE,
    });
    // Recorded as rolled back even though the plan's hash is applied (the same plan was confirmed before, then drifted).
    expect(judgeSettle({ ...nothing, outcome: "rolled-back", appliedPlanHash: planHashOf(plan), tableHash: TABLE }, plan).outcome).toBe("rolled_back");
    expect(judgeSettle({ ...nothing, abandoned: true }, plan)).toMatchObject({
      outcome: "rolled_back",
      detail: expect.stringMatching(/before the gateway's rollback switch was armed: nothing on the gateway changed/),
    });
  });

  it("without a record, judges by what the gateway runs", () => {
    expect(judgeSettle({ ...nothing, appliedPlanHash: planHashOf(plan), tableHash: TABLE }, plan)).toMatchObject({ outcome: "confirmed", appliedHash: TABLE });
    expect(judgeSettle({ ...nothing, appliedPlanHash: planHashOf(plan) }, plan).outcome).toBe("rolled_back");
    expect(judgeSettle({ ...nothing, tableHash: TABLE }, plan).outcome).toBe("rolled_back");
  });

  it("judges a removal (no plan) by whether anything of Waymark's is left", () => {
    expect(judgeSettle(nothing, null)).toMatchObject({ outcome: "confirmed", appliedHash: "" });
    expect(judgeSettle({ ...nothing, present: ["nft-table", "files"] }, null)).toMatchObject({
      outcome: "rolled_back",
      detail: expect.stringContaining("nft-table, files"),
    });
    expect(judgeSettle({ ...nothing, outcome: "rolled-back" }, null).outcome).toBe("rolled_back");
    expect(judgeSettle({ ...nothing, switch: "armed" }, null).outcome).toBe("pending");
  });
});
