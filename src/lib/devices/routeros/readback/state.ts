// A router's read-back rows (what each print answered) → RouterState. Pure, so the full read and the monitor's
// kept-open watch (which refreshes only the counters of cached rows, ../watch/) build the very same state.

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import { diffRouterOs, FIREWALL_TABLES, type DiffStep } from "@/lib/domain/diff/routeros";

import type { RouterOsRow } from "../reply";
import { parseIdentityName, parseResource } from "../transform";
import {
  parseChainRow,
  parseInterfaceRows,
  parseNetwatchRow,
  parseRouteRow,
  parseRuleRow,
  type ChainRule,
  type InterfaceState,
  type NetwatchState,
  type RouteState,
  type RuleState,
} from "./parse";

export type DriftEntry = { menu: string; comment: string; change: "missing" | "changed" | "moved" | "extra"; detail: string };

export type RouterState = {
  readAtMs: number;
  identity: string;
  version: string;
  /** Waymark's rules, as the plan names them (drift, link shares). */
  rules: RuleState[];
  /** Every rule of the shown firewall tables in print order: the admin's own and Waymark's. */
  chains: ChainRule[];
  routes: RouteState[];
  netwatch: NetwatchState[];
  interfaces: InterfaceState[];
  connections: { mark: string; count: number }[];
  /** Open connections per pool backend ("address:port"), closing ones left out. */
  backendConnections: { at: string; count: number }[];
  drift: DriftEntry[];
};

/** What the prints of one read-back answered, before any parsing. */
export type RouterRows = {
  identity: RouterOsRow[];
  resource: RouterOsRow[];
  /** Per menu, the rows as printed: a shown table whole, any other menu only the plan's objects (by comment). */
  menus: Record<string, RouterOsRow[]>;
  live: LiveRows;
};

/** What moves by itself between two reads: interface counters and rates, open connections. */
export type LiveRows = {
  interfaces: RouterOsRow[];
  traffic: RouterOsRow[];
  connections: { mark: string; count: number }[];
  backendConnections: { at: string; count: number }[];
};

/** The tables the live counters show whole: where Waymark balances and NATs (its plans never add filter rules). */
export const SHOWN_TABLES: ReadonlySet<string> = new Set(["/ip/firewall/mangle", "/ip/firewall/nat"]);

/** The plan's objects per menu, picked by comment from each menu's rows, as the OR query on comments picks them. */
export function planObjectsOf(plan: RouterOsPlan, menus: Readonly<Record<string, RouterOsRow[]>>): Record<string, RouterOsRow[]> {
  const objects: Record<string, RouterOsRow[]> = {};
  for (const [menu, rows] of Object.entries(menus)) {
    const comments = new Set(plan.objects.filter((o) => o.menu === menu).map((o) => o.comment));
    if (comments.size > 0) objects[menu] = rows.filter((row) => comments.has(row.comment ?? ""));
  }
  return objects;
}

const describeChange = (step: DiffStep): DriftEntry => {
  switch (step.kind) {
    case "add":
      return { menu: step.menu, comment: step.comment, change: "missing", detail: "not on the router" };
    case "set": {
      const changes = [
        ...Object.entries(step.set).map(([k, v]) => `${k}: ${step.previous[k] ?? "(unset)"} → ${v || "(empty)"}`),
        ...step.unset.map((k) => `${k}=${step.previous[k] ?? ""} not in the plan`),
      ];
      return { menu: step.menu, comment: step.target.comment, change: "changed", detail: changes.join("; ") };
    }
    case "move":
      return { menu: step.menu, comment: step.target.comment, change: "moved", detail: "out of plan order" };
    case "remove":
      return { menu: step.menu, comment: step.target.comment, change: "extra", detail: "a second copy of a plan object" };
  }
};

/**
 * The drift of one configuration read, kept by the monitor's watch (../watch/) until its next configuration read:
 * between two, only moving values change (counters, route `active`, netwatch `status`/`since`); an `.id` or
 * `disabled` change makes the watch read the configuration again, with a new memo.
 */
export type DriftMemo = { key: string; drift: DriftEntry[] } | { key: null };

export const newDriftMemo = (): DriftMemo => ({ key: null });

// The moving values the diff could read. A netwatch verdict decides how a missing switched object would be added
// (startsSwitchedOff); route `active` and `disabled` are in for safety: they change rarely, so recomputing is cheap.
const movingKey = (objects: Readonly<Record<string, RouterOsRow[]>>): string =>
  Object.entries(objects)
    .map(([menu, rows]) => `${menu}:${rows.map((row) => `${row[".id"]}/${row.disabled}/${row.active}/${row.status}/${row.since}`).join(",")}`)
    .join(";");

function driftOf(plan: RouterOsPlan, objects: Record<string, RouterOsRow[]>, memo: DriftMemo | undefined): DriftEntry[] {
  const key = memo ? movingKey(objects) : null;
  if (memo && memo.key !== null && memo.key === key) return memo.drift;
  const drift = diffRouterOs(plan.objects, objects, { version: plan.version }).map(describeChange);
  if (memo && key !== null) Object.assign(memo, { key, drift });
  return drift;
}

/** A `memo` (the watch's, reset at each configuration read) spares recomputing the drift on every poll. */
export function toRouterState(rows: RouterRows, plan: RouterOsPlan, readAtMs: number, memo?: DriftMemo): RouterState {
  const objects = planObjectsOf(plan, rows.menus);
  const whole = [...SHOWN_TABLES].flatMap((menu) => (rows.menus[menu] ? [[menu, rows.menus[menu]] as const] : []));
  return {
    readAtMs,
    identity: parseIdentityName(rows.identity),
    version: parseResource(rows.resource).version,
    rules: Object.entries(objects).flatMap(([menu, menuRows]) => (FIREWALL_TABLES.has(menu) ? menuRows.map((row) => parseRuleRow(menu, row)) : [])),
    chains: whole.flatMap(([menu, menuRows]) => menuRows.map((row, number) => parseChainRow(menu, number, row))),
    routes: (objects["/ip/route"] ?? []).map(parseRouteRow),
    netwatch: (objects["/tool/netwatch"] ?? []).map(parseNetwatchRow),
    interfaces: parseInterfaceRows(rows.live.interfaces, rows.live.traffic),
    connections: rows.live.connections,
    backendConnections: rows.live.backendConnections,
    drift: driftOf(plan, objects, memo),
  };
}
