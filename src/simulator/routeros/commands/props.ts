// Turning the `=name=value` words of add/set into stored properties, and the checks every item menu shares.

import type { ConfigItem } from "../config";
import type { SimulatedDevice } from "../device";
import type { MenuContext, MenuSpec, PropertySpec } from "../menus/spec";
import { trap } from "../types";
import { missingArguments, tableFor } from "./items";
import { normalizeValue } from "./values";

/** Words of add/set that steer the verb instead of being properties. */
const CONTROL_ARGS = new Set([".id", "numbers", "number", "copy-from", "place-before", "value-name"]);

// Every item menu has these; specs need not repeat them.
const COMMON: Readonly<Record<string, PropertySpec>> = { comment: { kind: "string" }, disabled: { kind: "bool" } };

export const propertyOf = (spec: MenuSpec, name: string): PropertySpec | undefined => spec.properties[name] ?? COMMON[name];

/**
 * Normalized properties from the arguments. Names the schema accepted but the spec does not model are stored as
 * given, so print and export still show them.
 */
export const collectProps = (context: MenuContext, args: ReadonlyMap<string, string>): Record<string, string> => {
  const props: Record<string, string> = {};
  for (const [name, value] of args) {
    if (CONTROL_ARGS.has(name)) continue;
    const property = propertyOf(context.spec, name);
    props[name] = property ? normalizeValue(property, { ...context, name }, value) : value;
  }
  return props;
};

export const checkRequired = (spec: MenuSpec, props: Readonly<Record<string, string>>): void => {
  const missing = Object.entries(spec.properties)
    .filter(([name, property]) => property.required && props[name] === undefined)
    .map(([name]) => name);
  if (missing.length > 0) throw missingArguments(...missing);
};

/** `failure: already have such name` and friends, checked against the whole table except the item being set. */
export const checkUnique = (device: SimulatedDevice, spec: MenuSpec, props: Readonly<Record<string, string>>, self?: ConfigItem): void => {
  for (const key of spec.unique ?? []) {
    if (key.props.some((name) => props[name] === undefined)) continue;
    const clash = tableFor(device, spec).items.some((item) => item !== self && key.props.every((name) => item.props[name] === props[name]));
    if (clash) throw trap(key.message);
  }
};

// [UNVERIFIED] wording: routers refuse to change or remove dynamic entries (connected routes, the main table).
export const DYNAMIC_REFUSAL = "failure: can not change dynamic entry";

export const checkWritable = (spec: MenuSpec, item: ConfigItem, verb: string): void => {
  const refusal = spec.protect?.(item, verb) ?? (item.dynamic && !spec.dynamicWritable ? DYNAMIC_REFUSAL : undefined);
  if (refusal) throw trap(refusal);
};
