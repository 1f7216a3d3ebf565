// The simulator answers from the schemas: every menu and command it simulates exists in the version's schema,
// and each version gets the right schema file.

import { describe, expect, it } from "vitest";

import { defaultMenus } from "./menus";
import { createMenuRegistry } from "./registry";
import { schemaFor } from "./schema";
import { TrapReply } from "./types";

const VERSIONS = ["6.49.10", "7.9.2", "7.11.3", "7.12.2", "7.16.2", "7.18.2", "7.20.8", "7.24"];

// Verbs of the API itself, not of the console (reference §1.6).
const API_ONLY = new Set(["listen"]);

const outcome = (resolve: () => unknown): string => {
  try {
    resolve();
    return "ok";
  } catch (error) {
    return error instanceof TrapReply ? error.message : String(error);
  }
};

describe("schema per version", () => {
  it.each([
    ["6.42.12", "6.49"],
    ["6.49.10", "6.49"],
    ["7.9", "7.9.2"],
    ["7.11.3", "7.9.2"],
    ["7.12", "7.12.2"],
    ["7.17.1", "7.16.2"],
    ["7.18.2", "7.18.2"],
    ["7.23.9", "7.20.8"],
    ["7.24", "7.24"],
    ["7.25.1", "7.24"],
  ])("%s uses the %s schema", (version, schema) => {
    expect(schemaFor(version).version).toBe(schema);
  });

  describe.each(VERSIONS)("on %s", (version) => {
    const registry = createMenuRegistry(defaultMenus, version);
    const schema = schemaFor(version);

    it("simulates only menus the schema has", () => {
      const missing = [...registry.menus.keys()].filter((path) => !schema.menus[path]);
      expect(missing).toEqual([]);
    });

    it("answers only commands the schema lists (plus listen)", () => {
      const answered = [...registry.menus.values()].flatMap((menu) =>
        Object.keys(menu.commands)
          .filter((name) => outcome(() => registry.resolve(`/${menu.path}/${name}`)) === "ok")
          .map((name) => `${menu.path} ${name}`),
      );
      const unlisted = answered.filter((entry) => {
        const [path = "", name = ""] = entry.split(" ");
        return !API_ONLY.has(name) && !schema.menus[path]?.[name];
      });
      expect(answered.length).toBeGreaterThan(50);
      expect(unlisted).toEqual([]);
    });

    it("simulates the everyday verbs wherever the schema has them", () => {
      const everyday = ["print", "add", "set", "remove", "get", "enable", "disable", "move", "unset", "reset-counters"];
      const gaps = [...registry.menus.keys()].flatMap((path) =>
        everyday
          .filter((name) => schema.menus[path]?.[name])
          .filter((name) => outcome(() => registry.resolve(`/${path}/${name}`)) !== "ok")
          .map((name) => `${path} ${name}`),
      );
      expect(gaps).toEqual([]);
    });

    it("answers menus the schema has but the simulator does not as missing", () => {
      const unsimulated = Object.keys(schema.menus).filter((path) => schema.menus[path] && !registry.menus.has(path));
      for (const path of unsimulated) expect(outcome(() => registry.resolve(`/${path}/print`))).toBe("no such command prefix");
    });
  });
});
