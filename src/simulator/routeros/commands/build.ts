// One generic implementation for every item menu: a MenuSpec in, the router's verbs out.

import type { MenuSpec } from "../menus/spec";
import { availableFor } from "../menus/spec";
import type { MenuDefinition } from "../types";
import { getItemValue } from "./get";
import { listenItems, printItems } from "./print";
import { writeCommands } from "./write";

export const itemMenu = (spec: MenuSpec): MenuDefinition => ({
  path: spec.path,
  available: availableFor(spec),
  commands: {
    print: printItems(spec),
    listen: listenItems(spec),
    get: getItemValue(spec),
    ...writeCommands(spec),
    ...spec.commands?.(spec),
  },
});

/** A read-only view of a menu (interface/ethernet over interfaces, ip/firewall/connection over conntrack). */
export const readOnlyMenu = (spec: MenuSpec, verbs: readonly string[] = []): MenuDefinition => {
  const full = itemMenu(spec);
  const keep = new Set(["print", "listen", "get", ...verbs, ...Object.keys(spec.commands?.(spec) ?? {})]);

  return { ...full, commands: Object.fromEntries(Object.entries(full.commands).filter(([name]) => keep.has(name))) };
};
