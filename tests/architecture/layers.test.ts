import path from "node:path";
import { describe, expect, it } from "vitest";
import { importsOf, layerOfSpecifier, violations } from "./layers";

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

  it("sees static, re-exported, type-only and dynamic imports", () => {
    const source = [
      'import "server-only";',
      'import type { A } from "@/lib/domain/device";',
      'export { b } from "./b";',
      'const m = await import("@/lib/services/devices");',
    ].join("\n");
    const refs = importsOf("x.ts", source);
    expect(refs.map((r) => [r.specifier, r.typeOnly])).toEqual([
      ["server-only", false], ["@/lib/domain/device", true], ["./b", false], ["@/lib/services/devices", false],
    ]);
  });
});
