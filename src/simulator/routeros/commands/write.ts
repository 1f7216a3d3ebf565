// add / set / unset / enable / disable / comment / remove / move / reset-counters(-all) for item menus
// (reference §1.8): `=.id=` or `=numbers=` with comma lists and names, `!done =ret=*HEX` after add.

import type { ConfigItem } from "../config";
import type { MenuContext, MenuSpec } from "../menus/spec";
import type { CommandContext, CommandDefinition } from "../types";
import { resolveItems, tableFor, targetItems } from "./items";
import { checkRequired, checkUnique, checkWritable, collectProps, propertyOf } from "./props";
import { noMatch } from "./values";

const contextOf = (command: CommandContext, spec: MenuSpec): MenuContext => ({ device: command.device, spec });

const singleItem = (command: CommandContext, spec: MenuSpec, name: string): ConfigItem | undefined => {
  const text = command.args.get(name);
  if (text === undefined || text === "") return undefined;
  const [item] = resolveItems(command.device, spec, text);
  return item;
};

const add = (spec: MenuSpec): CommandDefinition => ({
  run: (command) => {
    const context = contextOf(command, spec);
    const source = singleItem(command, spec, "copy-from");
    const props = { ...source?.props, ...collectProps(context, command.args) };
    checkRequired(spec, props);
    checkUnique(command.device, spec, props);
    spec.check?.(context, props);
    const before = singleItem(command, spec, "place-before");
    const item = tableFor(command.device, spec).add(props, { placeBefore: before?.id });
    spec.afterChange?.(context, item);

    return { ret: item.id };
  },
});

/** Changes `props` on every target; all targets are checked before any is changed. */
const change = (command: CommandContext, spec: MenuSpec, verb: string, props: Record<string, string>): void => {
  const context = contextOf(command, spec);
  const targets = targetItems(command.device, spec, command.args);
  for (const item of targets) {
    checkWritable(spec, item, verb);
    const merged = { ...item.props, ...props };
    checkUnique(command.device, spec, merged, item);
    spec.check?.(context, merged, item);
  }
  const table = tableFor(command.device, spec);
  for (const item of targets) {
    table.set(item.id, props);
    spec.afterChange?.(context, item);
  }
};

const set = (spec: MenuSpec): CommandDefinition => ({
  run: (command) => change(command, spec, "set", collectProps(contextOf(command, spec), command.args)),
});

const toggle = (spec: MenuSpec, disabled: "true" | "false"): CommandDefinition => ({
  run: (command) => change(command, spec, disabled === "true" ? "disable" : "enable", { disabled }),
});

const comment = (spec: MenuSpec): CommandDefinition => ({
  run: (command) => change(command, spec, "comment", { comment: command.args.get("comment") ?? "" }),
});

const unset = (spec: MenuSpec): CommandDefinition => ({
  run: (command) => {
    const names = (command.args.get("value-name") ?? "").split(",").filter((name) => name.length > 0);
    const settable = command.device.registry.schema.menus[spec.path]?.set ?? [];
    // [UNVERIFIED] wording for unsetting a property the menu does not have.
    for (const name of names) if (!propertyOf(spec, name) && !settable.includes(name)) throw noMatch("value-name");
    const context = contextOf(command, spec);
    const targets = targetItems(command.device, spec, command.args);
    for (const item of targets) checkWritable(spec, item, "unset");
    for (const item of targets) {
      tableFor(command.device, spec).unset(item.id, names);
      spec.afterChange?.(context, item);
    }
  },
});

const remove = (spec: MenuSpec): CommandDefinition => ({
  run: (command) => {
    const targets = targetItems(command.device, spec, command.args);
    for (const item of targets) checkWritable(spec, item, "remove");
    for (const item of targets) tableFor(command.device, spec).remove(item.id);
  },
});

const move = (spec: MenuSpec): CommandDefinition => ({
  run: (command) => {
    const targets = targetItems(command.device, spec, command.args);
    const destination = singleItem(command, spec, "destination");
    if (destination && targets.includes(destination)) return;
    tableFor(command.device, spec).move(
      targets.map((item) => item.id),
      destination?.id,
    );
  },
});

const zeroCounters = (item: ConfigItem) => {
  item.counters = { bytes: 0n, packets: 0n };
};

const resetCounters = (spec: MenuSpec): CommandDefinition => ({
  run: (command) => targetItems(command.device, spec, command.args).forEach(zeroCounters),
});

const resetCountersAll = (spec: MenuSpec): CommandDefinition => ({
  run: (command) => tableFor(command.device, spec).items.forEach(zeroCounters),
});

/** The writing verbs of an item menu; the registry answers only those its version's schema lists. */
export const writeCommands = (spec: MenuSpec): Record<string, CommandDefinition> => ({
  add: add(spec),
  set: set(spec),
  unset: unset(spec),
  remove: remove(spec),
  comment: comment(spec),
  ...(spec.noDisable ? {} : { enable: toggle(spec, "false"), disable: toggle(spec, "true") }),
  move: move(spec),
  ...(spec.counters ? { "reset-counters": resetCounters(spec), "reset-counters-all": resetCountersAll(spec) } : {}),
});
