// What "the same configuration" means in the scenarios: Waymark's objects as print shows them, and everything
// Waymark did not create, item by item with its .id, straight from the simulated router's tables.

import { configView } from "@tests/support/routeros/push";

import type { ScenarioRouter } from "./router";

export type ConfigView = Awaited<ReturnType<typeof configView>>;

export const isWaymark = (props: Record<string, string>) => (props.comment ?? "").startsWith("waymark:") || (props.name ?? "").startsWith("waymark-");

/** Every static item of `menus` in router order, as print shows it over the API, without .id and counters. */
export const printedView = (router: ScenarioRouter, menus: readonly string[]): Promise<ConfigView> => configView(router.openAdmin, menus, { ids: false });

/** Every static item Waymark did not create, table by table, with its .id and properties, in router order. */
export function foreignTables(router: ScenarioRouter): Record<string, string[]> {
  const tables: Record<string, string[]> = {};
  for (const [path, table] of router.sim.device.config.tables) {
    if (path === "ip/firewall/connection") continue;
    const foreign = table.items.filter((item) => !item.dynamic && !isWaymark(item.props));
    if (foreign.length > 0) tables[path] = foreign.map((item) => `${item.id} ${JSON.stringify(item.props)}`);
  }
  return tables;
}

/** Waymark's rollback script and scheduler job, if any are left on the router. */
export const rollbackLeftovers = (router: ScenarioRouter): string[] =>
  ["system/script", "system/scheduler"]
    .flatMap((menu) => (router.sim.device.config.hasTable(menu) ? router.sim.device.config.table(menu).items : []))
    .map((item) => item.props.name ?? "")
    .filter((name) => name.startsWith("waymark-"));
