// One parsed export command applied to a simulated router's configuration, leniently: nothing is checked against
// other menus (an export may name things further down, or things the simulator does not model), and what cannot
// be applied comes back as a problem for the boot report instead of an exception.

import type { ConfigItem, ConfigTable } from "../config";
import { isV7, type SimulatedDevice } from "../device";
import { addInterface } from "../menus/interface";
import { rememberBuiltin } from "./builtins";
import { INTERFACE_TABLE, interfaceTypeOf } from "./interfaces";
import { normalizeProps, sameValue, type ExportMenuSpec } from "./normalize";
import type { ExportCommand, ExportSelector } from "./parse";

// v7 numbers static routes from *80000001 (reference §1.8); a menu spec's firstId wins when there is one.
const V7_STATIC_ROUTE_FIRST_ID = 0x80000001;

type Target = {
  menu: string;
  tableName: string;
  table: ConfigTable;
  /** Set for the per-kind interface menus: their items are the "interface" items of this type. */
  type?: string;
  nameKey: string;
};

const targetOf = (device: SimulatedDevice, menu: string, spec: ExportMenuSpec | undefined): Target => {
  const type = interfaceTypeOf(menu);
  if (type !== undefined) return { menu, tableName: INTERFACE_TABLE, table: device.config.table(INTERFACE_TABLE), type, nameKey: "name" };
  const tableName = spec?.table ?? menu;
  const firstId = spec?.firstId?.(device) ?? (menu === "ip/route" && isV7(device) ? V7_STATIC_ROUTE_FIRST_ID : undefined);
  const table = device.config.table(tableName, firstId === undefined ? {} : { firstId });
  return { menu, tableName, table, nameKey: spec?.nameKey ?? "name" };
};

// An interface's type, default-name and mac-address are read-only facts kept in item.runtime (menus/interface.ts).
const factOf = (item: ConfigItem, name: string): string | undefined => item.props[name] ?? item.runtime[name];

const candidates = (target: Target): readonly ConfigItem[] =>
  target.type === undefined ? target.table.items : target.table.items.filter((item) => factOf(item, "type") === target.type);

const select = (target: Target, selector: ExportSelector): ConfigItem[] => {
  const items = candidates(target);
  switch (selector.kind) {
    case "find":
      return items.filter((item) => Object.entries(selector.where).every(([name, value]) => sameValue(factOf(item, name), value)));
    case "number": {
      const item = items.filter((candidate) => !candidate.dynamic)[selector.index];
      return item ? [item] : [];
    }
    case "id": {
      const item = target.table.byId(selector.id);
      return item ? [item] : [];
    }
    case "name":
      return items.filter((item) => item.props[target.nameKey] === selector.name);
  }
};

/** Properties a built-in item has because of how the export found it: `[ find default=yes ]`, `set telnet`. */
const impliedBy = (device: SimulatedDevice, target: Target, spec: ExportMenuSpec | undefined, selector: ExportSelector): Record<string, string> => {
  if (selector.kind === "find") return normalizeProps(device, spec, selector.where, []).props;
  return selector.kind === "name" ? { [target.nameKey]: selector.name } : {};
};

/** A port or radio the export renames (`set [ find default-name=sfp1 ] name=optic`) but the simulator lacks. */
const createInterface = (device: SimulatedDevice, target: Target, selector: ExportSelector, props: Record<string, string>): void => {
  const where = selector.kind === "find" ? selector.where : {};
  const defaultName = where["default-name"] ?? (selector.kind === "name" ? selector.name : undefined);
  const item = addInterface(device, { name: defaultName ?? where.name ?? props.name ?? "", type: target.type });
  if (defaultName !== undefined) item.runtime["default-name"] = defaultName;
  target.table.set(item.id, props);
};

type Change = { target: Target; selector: ExportSelector; command: ExportCommand; props: Record<string, string> };

const createBuiltin = (device: SimulatedDevice, spec: ExportMenuSpec | undefined, { target, selector, command, props }: Change): string[] => {
  if (selector.kind === "id") return [`no item ${selector.id} in ${command.menu}`];
  if (target.type !== undefined) {
    createInterface(device, target, selector, props);
    return [];
  }
  const item = target.table.add({ ...impliedBy(device, target, spec, selector), ...props });
  rememberBuiltin(device.config, target.tableName, item.id, { menu: command.menu, selector });
  return [];
};

const setItems = (device: SimulatedDevice, spec: ExportMenuSpec | undefined, change: Change): string[] => {
  const { target, selector, command, props } = change;
  const items = select(target, selector);
  if (items.length === 0) return createBuiltin(device, spec, change);
  for (const item of items) {
    target.table.set(item.id, props);
    if (target.type === undefined && items.length === 1) rememberBuiltin(device.config, target.tableName, item.id, { menu: command.menu, selector });
  }
  return [];
};

const applySettings = (device: SimulatedDevice, menu: string, props: Record<string, string>): void => {
  device.config.setSettings(menu, props);
  // The identity menu reads the device's own name (menus/system-identity.ts).
  if (menu === "system/identity" && props.name !== undefined) device.identity = props.name;
};

const changeItems = ({ target, selector, command, props }: Change): string[] => {
  const items = select(target, selector);
  if (items.length === 0) return [`${command.verb}: no such item in ${command.menu}`];
  for (const item of items) {
    if (command.verb === "remove") target.table.remove(item.id);
    else if (command.verb === "enable" || command.verb === "disable") target.table.set(item.id, { disabled: String(command.verb === "disable") });
    else if (command.verb === "comment") target.table.set(item.id, { comment: props.comment ?? "" });
    else
      target.table.unset(
        item.id,
        (command.props["value-name"] ?? command.switches.join(",")).split(",").filter((name) => name.length > 0),
      );
  }
  return [];
};

/** Applies one command; returns what could not be applied or was kept as written. */
export const applyCommand = (device: SimulatedDevice, command: ExportCommand, spec: ExportMenuSpec | undefined): string[] => {
  const { props, problems } = normalizeProps(device, spec, command.props, command.switches);
  if (command.verb === "set" && command.selector === undefined) {
    applySettings(device, command.menu, props);
    return problems;
  }
  const target = targetOf(device, command.menu, spec);
  if (command.verb === "add") {
    if (target.type === undefined) target.table.add(props);
    else addInterface(device, { name: props.name ?? "", type: target.type, props });
    return problems;
  }
  if (command.verb === "move") return [...problems, "move is not applied at boot"];
  const selector = command.selector;
  if (selector === undefined) return [...problems, `${command.verb} without an item is not applied`];
  const change: Change = { target, selector, command, props };
  return [...problems, ...(command.verb === "set" ? setItems(device, spec, change) : changeItems(change))];
};
