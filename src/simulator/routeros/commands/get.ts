// get: `/menu/get =number=<id|name> =value-name=<prop>` → `!done =ret=<value>` (PEAR2 Util::get, reference §1.7).

import type { SimulatedDevice } from "../device";
import type { MenuSpec } from "../menus/spec";
import type { CommandDefinition, Row } from "../types";
import { describeItem, targetItems } from "./items";
import { propertyOf } from "./props";
import { noMatch } from "./values";

const propertyValue = (row: Row, known: boolean, name: string | undefined): string => {
  // [UNVERIFIED] wording when value-name names no property of the menu.
  if (name === undefined || (!known && row[name] === undefined)) throw noMatch("value-name");
  return row[name] ?? "";
};

export const getItemValue = (spec: MenuSpec): CommandDefinition => ({
  run: ({ device, args }) => {
    const [item] = targetItems(device, spec, args, "number");
    const row = describeItem({ device, spec }, item as NonNullable<typeof item>);
    const name = args.get("value-name");

    return { ret: propertyValue(row, name !== undefined && propertyOf(spec, name) !== undefined, name) };
  },
});

export const getSettingsValue = (row: (device: SimulatedDevice) => Row, known: (name: string) => boolean): CommandDefinition => ({
  run: ({ device, args }) => {
    const name = args.get("value-name");
    return { ret: propertyValue(row(device), name !== undefined && known(name), name) };
  },
});
