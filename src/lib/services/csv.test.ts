import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("[csv] cells a spreadsheet reads as text", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+491701234", "'+491701234"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ['=cmd|" /C calc"!A0', `"'=cmd|"" /C calc""!A0"`],
  ])("%j → %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("writes numbers, empty cells and CRLF rows", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          [1, null],
          [undefined, "x"],
        ],
      ),
    ).toBe("a,b\r\n1,\r\n,x\r\n");
  });
});
