import "server-only";

// One read-back of what a router does with a plan: rule counters, route and netwatch state, the plan's
// interfaces (counters and one monitor-traffic sample), open connections per link mark, and drift (Waymark
// objects that differ from the plan). Polls must be cheap: every print names its properties (.proplist); the
// firewall tables the live counters show (mangle, nat, and filter when the plan uses it) are printed whole, the
// admin's own rules too, once each; other menus are asked only for the plan's objects (an OR query on comments).

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import { diffRouterOs, FIREWALL_TABLES, menuInfo, type DiffStep } from "@/lib/domain/diff/routeros";

import type { RouterOsClient } from "../api-client";
import type { RouterOsRow } from "../reply";
import { ACTION_PROPERTIES, MATCH_PROPERTIES } from "../adapter/rule-words";
import { parseIdentityName, parseResource } from "../transform";
import { anyOf, countItems } from "../push/commands";
import {
  parseInterfaceRows,
  parseNetwatchRow,
  parseRouteRow,
  parseChainRow,
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

const READ_BACK_PROPS = [
  ".id",
  "comment",
  "disabled",
  "dynamic",
  "bytes",
  "packets",
  "chain",
  "action",
  "gateway",
  "routing-table",
  "routing-mark",
  "distance",
  "active",
  "host",
  "status",
  "since",
];

function proplistFor(plan: RouterOsPlan, menu: string): string {
  const planProps = plan.objects.filter((o) => o.menu === menu).flatMap((o) => Object.keys(o.properties));
  const words = SHOWN_TABLES.has(menu) ? [...MATCH_PROPERTIES, ...ACTION_PROPERTIES] : [];
  return [...new Set([...READ_BACK_PROPS, ...planProps, ...(menuInfo(menu, plan.version)?.managed ?? []), ...words])].join(",");
}

/** The tables the live counters show whole: where Waymark balances and NATs (its plans never add filter rules). */
export const SHOWN_TABLES: ReadonlySet<string> = new Set(["/ip/firewall/mangle", "/ip/firewall/nat"]);

/** The plan's objects per menu (the health gate's read-back). */
export async function readPlanObjects(client: RouterOsClient, plan: RouterOsPlan): Promise<Record<string, RouterOsRow[]>> {
  return (await readMenus(client, plan, [])).objects;
}

/**
 * The plan's objects per menu, and the `whole` menus entire: one print per menu either way. The plan's share of a
 * whole table is picked by comment, as the OR query would, so drift sees the same rows.
 */
async function readMenus(
  client: RouterOsClient,
  plan: RouterOsPlan,
  whole: readonly string[],
): Promise<{ objects: Record<string, RouterOsRow[]>; whole: Record<string, RouterOsRow[]> }> {
  const menus = [...new Set([...plan.objects.map((o) => o.menu), ...whole])];
  const rows = await Promise.all(
    menus.map(async (menu) => {
      const proplist = `=.proplist=${proplistFor(plan, menu)}`;
      if (whole.includes(menu)) return (await client.command([`${menu}/print`, proplist])).rows;
      const comments = plan.objects.filter((o) => o.menu === menu).map((o) => o.comment);
      return (await client.command([`${menu}/print`, proplist, ...anyOf("comment", comments)])).rows;
    }),
  );
  const objects: Record<string, RouterOsRow[]> = {};
  menus.forEach((menu, index) => {
    const comments = new Set(plan.objects.filter((o) => o.menu === menu).map((o) => o.comment));
    if (comments.size > 0) objects[menu] = rows[index]!.filter((row) => comments.has(row.comment ?? ""));
  });
  return { objects, whole: Object.fromEntries(whole.map((menu) => [menu, rows[menus.indexOf(menu)]!])) };
}

/** Interfaces the plan names: LAN list members, and the in/out interfaces of its rules. */
export const planInterfaces = (plan: RouterOsPlan): string[] => [
  ...new Set(
    plan.objects
      .flatMap((o) => [o.properties.interface, o.properties["in-interface"], o.properties["out-interface"]])
      .filter((n): n is string => n !== undefined && !n.startsWith("!")),
  ),
];

/** Connection marks the plan gives new connections: one per link. */
export const planLinkMarks = (plan: RouterOsPlan): string[] => [
  ...new Set(plan.objects.map((o) => o.properties["new-connection-mark"]).filter((m): m is string => m !== undefined)),
];

async function readInterfaces(client: RouterOsClient, names: readonly string[]): Promise<InterfaceState[]> {
  if (names.length === 0) return [];
  const { rows } = await client.command(["/interface/print", "=.proplist=name,running,rx-byte,tx-byte,rx-packet,tx-packet", ...anyOf("name", names)]);
  const present = rows.map((r) => r.name).filter((n): n is string => n !== undefined);
  const traffic = present.length === 0 ? [] : (await client.command(["/interface/monitor-traffic", `=interface=${present.join(",")}`, "=once="])).rows;
  return parseInterfaceRows(rows, traffic);
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

// /ip/firewall/connection/print =count-only= with a query (API page, "Queries": `?#!` negates the top, values
// left on the stack are ANDed), answered `!done =ret=37` and no rows. A dst-nat connection shows its backend on the
// reply side, as a real v7 row does (REST, abbreviated):
//   {"protocol":"tcp","src-address":"198.18.200.7:40112","dst-address":"203.0.113.2:443",
//    "reply-src-address":"192.168.10.21:443","reply-dst-address":"198.18.200.7:40112","tcp-state":"established"}
// A closed TCP connection lingers in time-wait (10 s by default) or close: not open any more, so not counted.
async function countBackendConnections(client: RouterOsClient, backend: { at: string; protocol: string }): Promise<number> {
  const { done } = await client.command([
    "/ip/firewall/connection/print",
    "=count-only=",
    `?protocol=${backend.protocol}`,
    `?reply-src-address=${backend.at}`,
    "?tcp-state=time-wait",
    "?tcp-state=close",
    "?#|",
    "?#!",
  ]);
  return Number.parseInt(done.ret ?? "0", 10);
}

export async function readRouterState(client: RouterOsClient, plan: RouterOsPlan, now: () => number = Date.now): Promise<RouterState> {
  const [identityRows, resourceRows, { objects, whole }, interfaces, connections, backendConnections] = await Promise.all([
    client.command(["/system/identity/print"]),
    client.command(["/system/resource/print", "=.proplist=version,board-name"]),
    readMenus(client, plan, [...SHOWN_TABLES]),
    readInterfaces(client, planInterfaces(plan)),
    Promise.all(planLinkMarks(plan).map(async (mark) => ({ mark, count: await countItems(client, "/ip/firewall/connection", { "connection-mark": mark }) }))),
    Promise.all((plan.backends ?? []).map(async (b) => ({ at: b.at, count: await countBackendConnections(client, b) }))),
  ]);
  const readAtMs = now();
  const rules = Object.entries(objects).flatMap(([menu, rows]) => (FIREWALL_TABLES.has(menu) ? rows.map((row) => parseRuleRow(menu, row)) : []));
  return {
    readAtMs,
    identity: parseIdentityName(identityRows.rows),
    version: parseResource(resourceRows.rows).version,
    rules,
    chains: Object.entries(whole).flatMap(([menu, rows]) => rows.map((row, number) => parseChainRow(menu, number, row))),
    routes: (objects["/ip/route"] ?? []).map(parseRouteRow),
    netwatch: (objects["/tool/netwatch"] ?? []).map(parseNetwatchRow),
    interfaces,
    connections,
    backendConnections,
    drift: diffRouterOs(plan.objects, objects, { version: plan.version }).map(describeChange),
  };
}
