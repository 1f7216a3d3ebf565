import "server-only";

// One read-back of what a router does with a plan: rule counters, route and netwatch state, the plan's
// interfaces (counters and one monitor-traffic sample), open connections per link mark, and drift (Waymark
// objects that differ from the plan). Polls must be cheap: every print names its properties (.proplist); the
// firewall tables the live counters show (mangle, nat, and filter when the plan uses it) are printed whole, the
// admin's own rules too, once each; other menus are asked only for the plan's objects (an OR query on comments).
// The rows become a RouterState in ./state.ts (pure), which the monitor's watch shares.

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import { menuInfo } from "@/lib/domain/diff/routeros";

import type { RouterOsClient } from "../api-client";
import type { RouterOsRow } from "../reply";
import { ACTION_PROPERTIES, MATCH_PROPERTIES } from "../adapter/rule-words";
import { anyOf, countItems } from "../push/commands";
import { planObjectsOf, SHOWN_TABLES, toRouterState, type LiveRows, type RouterRows, type RouterState } from "./state";

export { SHOWN_TABLES, toRouterState, type DriftEntry, type LiveRows, type RouterRows, type RouterState } from "./state";

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

/** The menus a read-back prints, in the order its rows are kept: the plan's menus, then the shown tables. */
export const readMenusOf = (plan: RouterOsPlan, whole: readonly string[]): string[] => [...new Set([...plan.objects.map((o) => o.menu), ...whole])];

/** The plan's comments in a menu, as an OR query (empty for a menu the plan has no object in). */
export const commentQuery = (plan: RouterOsPlan, menu: string): string[] =>
  anyOf(
    "comment",
    plan.objects.filter((o) => o.menu === menu).map((o) => o.comment),
  );

/** The plan's objects per menu (the health gate's read-back). */
export async function readPlanObjects(client: RouterOsClient, plan: RouterOsPlan): Promise<Record<string, RouterOsRow[]>> {
  return planObjectsOf(plan, await readMenus(client, plan, []));
}

/** Each menu's rows, as printed: the `whole` menus entire, the others only the plan's objects. One print per menu. */
async function readMenus(client: RouterOsClient, plan: RouterOsPlan, whole: readonly string[]): Promise<Record<string, RouterOsRow[]>> {
  const menus = readMenusOf(plan, whole);
  const rows = await Promise.all(
    menus.map(async (menu) => {
      const proplist = `=.proplist=${proplistFor(plan, menu)}`;
      const query = whole.includes(menu) ? [] : commentQuery(plan, menu);
      return (await client.command([`${menu}/print`, proplist, ...query])).rows;
    }),
  );
  return Object.fromEntries(menus.map((menu, index) => [menu, rows[index]!]));
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

async function readInterfaces(client: RouterOsClient, names: readonly string[], rates: boolean): Promise<Pick<LiveRows, "interfaces" | "traffic">> {
  if (names.length === 0) return { interfaces: [], traffic: [] };
  const { rows } = await client.command(["/interface/print", "=.proplist=name,running,rx-byte,tx-byte,rx-packet,tx-packet", ...anyOf("name", names)]);
  const present = rows.map((r) => r.name).filter((n): n is string => n !== undefined);
  const traffic =
    present.length === 0 || !rates ? [] : (await client.command(["/interface/monitor-traffic", `=interface=${present.join(",")}`, "=once="])).rows;
  return { interfaces: rows, traffic };
}

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

/**
 * What moves by itself: the plan's interfaces (counters, and with `rates` one monitor-traffic sample) and its open
 * connections (count-only). The monitor leaves the sample out: it computes rates from the counters itself, and the
 * reading shows no router-side rate.
 */
export async function readLiveRows(client: RouterOsClient, plan: RouterOsPlan, { rates = true }: { rates?: boolean } = {}): Promise<LiveRows> {
  const [interfaces, connections, backendConnections] = await Promise.all([
    readInterfaces(client, planInterfaces(plan), rates),
    Promise.all(planLinkMarks(plan).map(async (mark) => ({ mark, count: await countItems(client, "/ip/firewall/connection", { "connection-mark": mark }) }))),
    Promise.all((plan.backends ?? []).map(async (b) => ({ at: b.at, count: await countBackendConnections(client, b) }))),
  ]);
  return { ...interfaces, connections, backendConnections };
}

/** Everything a read-back prints, as printed. */
export async function readRouterRows(client: RouterOsClient, plan: RouterOsPlan): Promise<RouterRows> {
  const [identity, resource, menus, live] = await Promise.all([
    client.command(["/system/identity/print"]),
    client.command(["/system/resource/print", "=.proplist=version,board-name"]),
    readMenus(client, plan, [...SHOWN_TABLES]),
    readLiveRows(client, plan),
  ]);
  return { identity: identity.rows, resource: resource.rows, menus, live };
}

export async function readRouterState(client: RouterOsClient, plan: RouterOsPlan, now: () => number = Date.now): Promise<RouterState> {
  const rows = await readRouterRows(client, plan);
  return toRouterState(rows, plan, now());
}
