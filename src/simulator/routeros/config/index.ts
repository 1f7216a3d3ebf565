// The configuration of one simulated router: ordered tables (menus with items) and settings menus (one row).
// Everything observable lives here, including what the dataplane maintains (conntrack entries are items of
// ip/firewall/connection, route activity is item.runtime), so print, scripts, safe-mode and export see one truth.

import { cloneItem, createTable, type ConfigItem, type ConfigTable, type TableOptions } from "./table";

export type { ConfigItem, ConfigTable, PlaceOptions } from "./table";
export { formatId } from "./table";

export type ConfigSnapshot = {
  tables: Map<string, { items: ConfigItem[]; nextId: number }>;
  settings: Map<string, Record<string, string>>;
};

export type RouterConfig = {
  /** The table at `path` ("ip/firewall/mangle"), created empty on first use. */
  table: (path: string, options?: Pick<TableOptions, "firstId">) => ConfigTable;
  hasTable: (path: string) => boolean;
  readonly tables: ReadonlyMap<string, ConfigTable>;
  /** A settings menu's single row ("ip/settings", "tool/e-mail"); created empty on first use. */
  settings: (path: string) => Record<string, string>;
  setSettings: (path: string, values: Record<string, string>) => void;
  /** Increases on every change; `listen` and pollers compare it. */
  readonly revision: number;
  onChange: (listener: (path: string) => void) => () => void;
  snapshot: () => ConfigSnapshot;
  restore: (snapshot: ConfigSnapshot) => void;
};

export const createRouterConfig = (): RouterConfig => {
  const tables = new Map<string, ConfigTable>();
  const settings = new Map<string, Record<string, string>>();
  const listeners = new Set<(path: string) => void>();
  let revision = 0;
  const changed = (path: string) => {
    revision += 1;
    for (const listener of listeners) listener(path);
  };

  const table: RouterConfig["table"] = (path, options = {}) => {
    let existing = tables.get(path);
    if (!existing) {
      existing = createTable(path, { ...options, onChange: changed });
      tables.set(path, existing);
    }
    return existing;
  };

  const settingsRow = (path: string): Record<string, string> => {
    let row = settings.get(path);
    if (!row) {
      row = {};
      settings.set(path, row);
    }
    return row;
  };

  return {
    table,
    hasTable: (path) => tables.has(path),
    tables,
    settings: settingsRow,
    setSettings: (path, values) => {
      Object.assign(settingsRow(path), values);
      changed(path);
    },
    get revision() {
      return revision;
    },
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => ({
      tables: new Map([...tables].map(([path, t]) => [path, { items: t.items.map(cloneItem), nextId: t.nextId }])),
      settings: new Map([...settings].map(([path, row]) => [path, { ...row }])),
    }),
    restore: (snapshot) => {
      for (const [path, saved] of snapshot.tables) table(path).replaceAll(saved.items, saved.nextId);
      for (const [path, t] of tables) if (!snapshot.tables.has(path)) t.replaceAll([], t.nextId);
      settings.clear();
      for (const [path, row] of snapshot.settings) settings.set(path, { ...row });
      changed("");
    },
  };
};
