import { describe, expect, it } from "vitest";
import { friendlyIssue, numberFrom, setIn } from "./draft-edit";

describe("site draft edits", () => {
  it("sets a value by path without touching the original", () => {
    const draft = { kind: "shared-vip", members: [{ device: "a" }], heartbeat: { intervalMs: 100 } };
    const next = setIn(draft, ["members", 1, "device"], "b") as typeof draft;
    expect(next.members).toEqual([{ device: "a" }, { device: "b" }]);
    expect(draft.members).toHaveLength(1);
    expect(setIn(draft, ["heartbeat", "intervalMs"], 200)).toMatchObject({ heartbeat: { intervalMs: 200 } });
  });

  it("removes a key set to undefined (an optional check switched off)", () => {
    expect(setIn({ check: { type: "tcp" }, vip: "x" }, ["check"], undefined)).toEqual({ vip: "x" });
  });

  it("keeps what was typed when it is not a number, and says what the field wants", () => {
    expect(numberFrom("12")).toBe(12);
    expect(numberFrom("")).toBe("");
    expect(numberFrom("1x")).toBe("1x");
    expect(friendlyIssue("Invalid input: expected number, received string")).toBe("a number");
    expect(friendlyIssue("Too small: expected number to be >=50")).toBe("at least 50");
  });
});
