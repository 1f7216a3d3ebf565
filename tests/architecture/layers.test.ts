import path from "node:path";
import { describe, expect, it } from "vitest";
import { importsOf, layerOfSpecifier, leavesProduct, violations } from "./layers";

const SRC = path.resolve("src");

describe("[architecture] one-way imports", () => {
  it("src/ has no import that breaks the layering of ARCHITECTURE.md", () => {
    expect(violations(SRC)).toEqual([]);
  });

  it("catches a device adapter reaching into the database", () => {
    const file = path.join(SRC, "lib/devices/linux/driver.ts");
    const refs = importsOf(file, 'import { db } from "@/lib/db/client";\nimport type { X } from "../driver";');
    expect(refs.map((r) => layerOfSpecifier(file, r.specifier, SRC))).toEqual(["db", "devices"]);
  });

  it("catches production code reaching out of src/: the lab, tests, benchmarks, scripts, test tooling", () => {
    const file = path.join(SRC, "lib/devices/linux/monitor.ts");
    const judged = [
      "../../../../lab/exec",
      "../../../../tests/support/x",
      "../../../../bench/y",
      "../../../../scripts/z",
      "@tests/support/x",
      "vitest",
      "@vitest/expect",
      "@playwright/test",
      "playwright",
    ].map((specifier) => leavesProduct(file, specifier, SRC));
    expect(judged).toEqual([
      "production code must not import from lab/ (outside src/)",
      "production code must not import from tests/ (outside src/)",
      "production code must not import from bench/ (outside src/)",
      "production code must not import from scripts/ (outside src/)",
      "production code must not import tests/",
      ...Array(4).fill("production code must not import test tooling"),
    ]);
    expect(["./parse", "../driver", "@/lib/domain/intent", "zod", "node:fs"].map((s) => leavesProduct(file, s, SRC))).toEqual(Array(5).fill(null));
  });

  it("sees static, re-exported, type-only and dynamic imports", () => {
    const source = [
      'import "server-only";',
      'import type { A } from "@/lib/domain/device";',
      'export { b } from "./b";',
      'const m = await import("@/lib/services/devices");',
    ].join("\n");
    const refs = importsOf("x.ts", source);
    expect(refs.map((r) => [r.specifier, r.typeOnly])).toEqual([
      ["server-only", false],
      ["@/lib/domain/device", true],
      ["./b", false],
      ["@/lib/services/devices", false],
    ]);
  });
});
