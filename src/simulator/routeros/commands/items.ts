// Items of a menu: finding them by `.id`/name and describing them as print returns them.

import type { ConfigItem, ConfigTable } from "../config";
import type { SimulatedDevice } from "../device";
import { tableOf, type MenuContext, type MenuSpec, type PropertySpec } from "../menus/spec";
import { trap, type Row } from "../types";

export const tableFor = (device: SimulatedDevice, spec: MenuSpec): ConfigTable =>
  device.config.table(tableOf(spec), spec.firstId ? { firstId: spec.firstId(device) } : {});

/** Items this menu shows, in table order (a view such as interface/ethernet filters its table). */
export const visibleItems = (device: SimulatedDevice, spec: MenuSpec): readonly ConfigItem[] => {
  const stored = tableFor(device, spec).items;
  const items = spec.derivedItems ? [...stored, ...spec.derivedItems(device)] : stored;
  return spec.filter ? items.filter(spec.filter) : items;
};

// RouterOS console wording for a missing required argument ("Script Error: missing value(s) of argument(s)
// interface" when run from a script); [UNVERIFIED] that the API trap carries the same text.
export const missingArguments = (...names: string[]) => trap(`missing value(s) of argument(s) ${names.join(" ")}`);

const ID = /^\*[0-9A-Fa-f]+$/;

const findOne = (device: SimulatedDevice, spec: MenuSpec, token: string): ConfigItem => {
  const items = visibleItems(device, spec);
  if (ID.test(token)) {
    const id = `*${token.slice(1).toUpperCase()}`;
    const item = items.find((candidate) => candidate.id === id);
    if (!item) throw trap("no such item", 0);
    return item;
  }
  if (spec.nameKey) {
    const item = items.find((candidate) => candidate.props[spec.nameKey as string] === token);
    if (!item) throw trap("no such item", 0);
    return item;
  }
  // [UNVERIFIED] which of the two messages an unnamed menu gives for a word that is not an id.
  throw trap("invalid internal item number", 0);
};

/** `=numbers=` / `=.id=` / `=number=`: comma-separated ids or names, in the order given. */
export const resolveItems = (device: SimulatedDevice, spec: MenuSpec, text: string): ConfigItem[] => {
  const tokens = text.split(",").map((token) => token.trim());
  if (tokens.every((token) => token === "")) throw trap("no such item", 0);
  const found = tokens.filter((token) => token !== "").map((token) => findOne(device, spec, token));
  return [...new Set(found)];
};

/** The items a verb acts on: `=.id=` wins over `=numbers=` (both mean the same). */
export const targetItems = (device: SimulatedDevice, spec: MenuSpec, args: ReadonlyMap<string, string>, key = "numbers"): ConfigItem[] => {
  const text = args.get(".id") ?? args.get(key);
  if (text === undefined) throw missingArguments(key);
  return resolveItems(device, spec, text);
};

export const defaultOf = (property: PropertySpec, device: SimulatedDevice): string | undefined =>
  typeof property.default === "function" ? property.default(device) : property.default;

/**
 * Defaults are printed only for properties the version's schema lists for the menu (add, else set), so a property
 * that arrived in 7.18 does not show up on a 7.16 router. Menus outside the schema show all their defaults.
 */
export const versionHas = (device: SimulatedDevice, path: string, name: string): boolean => {
  const menu = device.registry.schema.menus[path];
  const args = menu?.add ?? menu?.set;
  return !args || args.includes(name);
};

const FLAG_NAMES = new Set(["disabled", "dynamic", "invalid"]);

const standardFlags = (spec: MenuSpec, item: ConfigItem): Row => ({
  dynamic: String(item.dynamic),
  ...(spec.noDisable ? {} : { disabled: item.props.disabled ?? "false" }),
});

/**
 * One item as print returns it: `.id`, configured properties over the menu's defaults, anything else stored
 * (arguments the schema accepts but the spec does not model), computed read-only properties, flags, then what the
 * dataplane keeps in item.runtime, then counters as decimal strings.
 */
export const describeItem = (context: MenuContext, item: ConfigItem): Row => {
  const { device, spec } = context;
  const row: Row = { ".id": item.id };
  for (const [name, property] of Object.entries(spec.properties)) {
    if (FLAG_NAMES.has(name)) continue;
    const fallback = property.kind === "switch" || !versionHas(device, spec.path, name) ? undefined : defaultOf(property, device);
    const value = item.props[name] ?? fallback;
    if (value !== undefined) row[name] = value;
  }
  for (const [name, value] of Object.entries(item.props)) {
    if (!(name in row) && !FLAG_NAMES.has(name)) row[name] = value;
  }
  Object.assign(row, spec.derive?.(context, item));
  Object.assign(row, spec.flags ? spec.flags(context, item) : standardFlags(spec, item));
  for (const [name, value] of Object.entries(item.runtime)) if (!spec.hideRuntime?.(name)) row[name] = value;
  if (spec.counters) {
    row.bytes = item.counters.bytes.toString();
    row.packets = item.counters.packets.toString();
  }

  return row;
};
