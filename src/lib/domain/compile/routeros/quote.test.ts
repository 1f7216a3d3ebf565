import { describe, expect, it } from "vitest";
import { quoteRouterOs, renderValue } from "./quote";

describe("[domain] RouterOS quoting", () => {
  it.each([
    ["plain", '"plain"'],
    ["", '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ["back\\slash", '"back\\\\slash"'],
    ["$(id) $x", '"\\$(id) \\$x"'],
    ["what?", '"what\\?"'],
    ["a\nb\r\tc", '"a\\nb\\r\\tc"'],
    ["bell\u0007", '"bell\\07"'],
    ["ö", '"\\C3\\B6"'],
    ["[/system reboot]", '"[/system reboot]"'],
  ])("quotes %j", (value, expected) => {
    expect(quoteRouterOs(value)).toBe(expected);
  });

  it("leaves plain words bare and quotes anything else", () => {
    expect(renderValue("192.168.10.0/24")).toBe("192.168.10.0/24");
    expect(renderValue("!local")).toBe("!local");
    expect(renderValue("both-addresses:4/0")).toBe("both-addresses:4/0");
    expect(renderValue("100%")).toBe("100%");
    expect(renderValue("a b")).toBe('"a b"');
    expect(renderValue("x;y")).toBe('"x;y"');
    expect(renderValue("")).toBe('""');
  });
});
