// Property-level comparison of one desired object with the item that carries its comment.

import { menuInfo, SWITCH_PROPS, type MenuInfo, type MenuVersion } from "./menus";
import { isAtDefault, normaliseValue } from "./normalise";
import type { DesiredObject, PrintedItem } from "./types";

export type PropertyChanges = { set: Record<string, string>; unset: string[]; previous: Record<string, string | null> };

const NO_INFO: MenuInfo = { managed: [], defaults: {}, canUnset: false, restorable: [] };

const infoFor = (menu: string, version: MenuVersion): MenuInfo => menuInfo(menu, version) ?? NO_INFO;

const equalValues = (name: string, wanted: string, printed: string | undefined, info: MenuInfo): boolean => {
  const shown = printed ?? info.defaults[name];
  if (shown === undefined) return wanted === "" && !SWITCH_PROPS.has(name);
  return normaliseValue(name, wanted) === normaliseValue(name, shown);
};

const isOn = (value: string | undefined): boolean => value === "true" || value === "yes";

/** What `set`/`unset` would make `item` equal to `desired`; empty when they already agree. */
export const propertyChanges = (desired: DesiredObject, item: PrintedItem, version: MenuVersion): PropertyChanges => {
  const info = infoFor(desired.menu, version);
  const changes: PropertyChanges = { set: {}, unset: [], previous: {} };
  for (const [name, wanted] of Object.entries(desired.properties)) {
    if (equalValues(name, wanted, item[name], info)) continue;
    changes.set[name] = wanted;
    changes.previous[name] = item[name] ?? null;
  }
  for (const name of info.managed) {
    if (name in desired.properties || isAtDefault(name, item[name], info.defaults)) continue;
    // A switch is cleared by unset only; other strays by unset where the menu has it, else by an empty value.
    if (info.canUnset || SWITCH_PROPS.has(name)) changes.unset.push(name);
    else changes.set[name] = "";
    changes.previous[name] = item[name] ?? null;
  }
  // Netwatch scripts enable and disable switched objects at runtime: their state is not drift.
  if (desired.switchedBy === undefined && !("disabled" in desired.properties) && isOn(item.disabled)) {
    changes.set.disabled = "no";
    changes.previous.disabled = item.disabled ?? null;
  }
  return changes;
};

export const hasChanges = (changes: PropertyChanges): boolean => Object.keys(changes.set).length > 0 || changes.unset.length > 0;

// Shown by print but never settable, for menus the diff has no table for.
const READ_ONLY: ReadonlySet<string> = new Set([
  ".id",
  ".nextid",
  "dynamic",
  "invalid",
  "bytes",
  "packets",
  "active",
  "inactive",
  "status",
  "since",
  "builtin",
  "running",
]);

// What print shows for these when nobody set them, in every menu that has them.
const COMMON_DEFAULTS: Readonly<Record<string, string>> = { disabled: "false", log: "false", "log-prefix": "" };

/**
 * The settable properties of an item as printed, to re-create it with `add` as it was. Values the router prints
 * for properties nobody set are left out, so the re-created object is configured the same way, not just alike.
 */
export const restorableProperties = (menu: string, item: PrintedItem, version: MenuVersion): Record<string, string> => {
  const info = menuInfo(menu, version);
  const keep = (name: string) => (info ? info.restorable.includes(name) : !READ_ONLY.has(name));
  const defaults = { ...COMMON_DEFAULTS, ...info?.defaults };
  const props: Record<string, string> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!keep(name)) continue;
    if (!SWITCH_PROPS.has(name) && defaults[name] !== undefined && normaliseValue(name, value) === normaliseValue(name, defaults[name])) continue;
    // A switch is on by being present, whatever its value: an "off" switch must not be sent at all.
    if (SWITCH_PROPS.has(name)) {
      if (value === "" || isOn(value)) props[name] = "";
      continue;
    }
    props[name] = value;
  }
  return props;
};
