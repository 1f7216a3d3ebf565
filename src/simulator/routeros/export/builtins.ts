// Items the router has before any configuration (ethernet ports, /ip service entries, the default security
// profile, logging rules) appear in an export as `set <selector> …`, never as `add`. The loader creates them when
// the simulator has not, and remembers how the export addressed each one, so exportConfig writes the same `set`.
// Kept beside the config rather than in it: ids survive snapshot/restore, so the memory stays valid.

import type { RouterConfig } from "../config";
import type { ExportSelector } from "./parse";

export type BuiltinRef = { menu: string; selector: ExportSelector };

const remembered = new WeakMap<RouterConfig, Map<string, BuiltinRef>>();

const keyOf = (table: string, id: string): string => `${table}\u0000${id}`;

export const rememberBuiltin = (config: RouterConfig, table: string, id: string, ref: BuiltinRef): void => {
  let byKey = remembered.get(config);
  if (!byKey) {
    byKey = new Map();
    remembered.set(config, byKey);
  }
  if (!byKey.has(keyOf(table, id))) byKey.set(keyOf(table, id), ref);
};

export const builtinRef = (config: RouterConfig, table: string, id: string): BuiltinRef | undefined => remembered.get(config)?.get(keyOf(table, id));
