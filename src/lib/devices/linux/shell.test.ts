import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellJoin, shellQuote } from "./shell";

const nasty = ["plain", "", "two words", "it's", "'", "''", "$(id)", "`id`", "$HOME", "a\\b", "semi;colon", "new\nline", "*", "-n", "ü ✓"];

describe("shellQuote", () => {
  it("single-quotes everything, even safe words", () => {
    expect(shellQuote("plain")).toBe("'plain'");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it("round-trips arbitrary arguments through a real POSIX shell", () => {
    const script = `for a in ${nasty.map(shellQuote).join(" ")}; do printf '%s\\0' "$a"; done`;
    const out = execFileSync("/bin/sh", ["-c", script], { encoding: "utf8" });
    expect(out.split("\0").slice(0, -1)).toEqual(nasty);
  });

  it("refuses NUL, which no shell argument can carry", () => {
    expect(() => shellQuote("a\0b")).toThrow(/NUL/);
  });
});

describe("shellJoin", () => {
  it("joins quoted words so the shell sees the original argv", () => {
    const out = execFileSync("/bin/sh", ["-c", `${shellJoin(["printf", "%s|", ...nasty])}`], { encoding: "utf8" });
    expect(out).toBe(nasty.map((a) => `${a}|`).join(""));
  });

  it("rejects an empty command", () => {
    expect(() => shellJoin([])).toThrow();
  });
});
