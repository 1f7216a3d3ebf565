import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { parseExport } from "./parse";

type Schema = { routeros: string; source: string; menus: Record<string, Record<string, string[]> | null> };

const schema = (version: string): Schema => JSON.parse(readFileSync(new URL(`../schema/${version}.json`, import.meta.url), "utf8")) as Schema;

const V6 = schema("6.49");
const V7_9 = schema("7.9.2");

// The menus the simulator models (schema/README.md, "6.49 (derived)").
const MODELED = [
  "interface/list",
  "interface/list/member",
  "ip/address",
  "ip/route",
  "ip/route/rule",
  "ip/firewall/mangle",
  "ip/firewall/nat",
  "ip/firewall/filter",
  "ip/firewall/raw",
  "ip/firewall/address-list",
  "tool/netwatch",
  "system/script",
  "system/scheduler",
  "tool/e-mail",
];

describe("[simulator] schema 6.49 (derived)", () => {
  it("accepts every property a real 6.48.4 export sets in the modeled menus", () => {
    const commands = parseExport(readFileSync(new URL("./fixtures/export-6.48.4.rsc", import.meta.url), "utf8")).commands;
    const checked = commands.filter((command) => MODELED.includes(command.menu));
    const unknown = checked.flatMap((command) => {
      const args = V6.menus[command.menu]?.[command.verb === "add" ? "add" : "set"] ?? [];
      return Object.keys(command.props)
        .filter((name) => !args.includes(name))
        .map((name) => `${command.menu} ${command.verb} ${name}`);
    });

    expect(checked.length).toBeGreaterThan(350);
    expect([...new Set(unknown)]).toEqual([]);
  });

  it("has the shape of the 7.x schemas and only the documented differences from 7.9.2", () => {
    expect(Object.keys(V6)).toEqual(Object.keys(V7_9));
    expect(V6.routeros).toBe("6.49 (derived)");
    const changed = Object.keys({ ...V6.menus, ...V7_9.menus })
      .filter((menu) => JSON.stringify(V6.menus[menu]) !== JSON.stringify(V7_9.menus[menu]))
      .sort();

    expect(changed).toEqual(["ip/route", "ip/route/rule", "routing/rule", "routing/table", "tool/e-mail", "tool/netwatch"]);
    for (const menu of ["routing/table", "routing/rule", "routing/settings", "safe-mode"]) expect(V6.menus[menu]).toBeNull();
  });

  it("uses the v6 names for routes, rules, netwatch and e-mail", () => {
    const route = V6.menus["ip/route"] ?? {};
    expect(route.add).toEqual(expect.arrayContaining(["routing-mark", "type", "check-gateway", "gateway", "distance"]));
    expect(route.add?.filter((name) => ["routing-table", "blackhole", "suppress-hw-offload"].includes(name))).toEqual([]);
    expect(V6.menus["ip/route/rule"]?.add).toEqual([
      "action",
      "comment",
      "copy-from",
      "disabled",
      "dst-address",
      "interface",
      "place-before",
      "routing-mark",
      "src-address",
      "table",
    ]);
    expect(V6.menus["tool/netwatch"]?.add).toEqual(["comment", "copy-from", "disabled", "down-script", "host", "interval", "timeout", "up-script"]);
    expect(V6.menus["tool/e-mail"]?.set).toEqual(["address", "from", "password", "port", "start-tls", "user"]);
    expect(V6.menus["tool/e-mail"]?.send).toEqual(["body", "cc", "file", "from", "password", "port", "server", "start-tls", "subject", "to", "user"]);
  });
});
