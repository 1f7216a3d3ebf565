// The routing tables: static routes from ip/route plus connected routes from ip/address, which routes are active
// (enabled, next hop on a running connected network, check-gateway not failed; lowest distance wins), and lookups.
// v7: routing-table on the route, equal-distance routes form an ECMP group. v6: routing-mark on the route, one route
// with a comma list of gateways is ECMP (a repeated gateway weighs more).

import type { ConfigItem, RouterConfig } from "../../config";
import { inPrefix, parseIp, parsePrefix, type Prefix } from "../ip";
import { hashWords } from "../rules/pcc";
import { isTrue, type Topology } from "../topology";

export type RouteKind = "unicast" | "blackhole" | "unreachable" | "prohibit";

export type Nexthop = {
  token: string;
  gateway: number | undefined;
  interfaceName: string;
  /** Set when the route checks its gateway: v6 per route and gateway, v7 per nexthop (shared by routes). */
  healthKey: string | undefined;
};

export type RouteEntry = {
  item: ConfigItem | null;
  table: string;
  prefix: Prefix;
  distance: number;
  kind: RouteKind;
  enabled: boolean;
  /** Per configured gateway token: its nexthop, or null when it cannot be resolved (not on a connected network). */
  resolved: (Nexthop | null)[];
  /** Nexthops usable now (resolved, interface running, gateway check not failed); repeats kept for weighting. */
  usable: Nexthop[];
};

export type ActiveGroup = { prefix: Prefix; kind: RouteKind; routes: RouteEntry[]; nexthops: Nexthop[] };

export type RoutingTables = {
  entries: readonly RouteEntry[];
  active: ReadonlySet<RouteEntry>;
  lookup: (table: string, dst: number) => ActiveGroup | undefined;
  hasTable: (table: string) => boolean;
};

export type HealthView = (key: string) => boolean;

const CHECKED = new Set(["ping", "arp", "bfd", "bfd-multihop"]);

const routeKind = (props: Record<string, string>, v7: boolean): RouteKind => {
  if (v7) return props.blackhole !== undefined && props.blackhole !== "false" && props.blackhole !== "no" ? "blackhole" : "unicast";
  const type = props.type;

  return type === "blackhole" || type === "unreachable" || type === "prohibit" ? type : "unicast";
};

const resolveToken = (token: string, topology: Topology, healthKey: (ip: number, iface: string) => string | undefined): Nexthop | null => {
  const [target = "", forced] = token.split("@")[0]!.split("%");
  const ip = parseIp(target);
  if (ip === null) {
    return topology.interfaces.has(target) ? { token, gateway: undefined, interfaceName: target, healthKey: undefined } : null;
  }
  const interfaceName = forced ?? topology.connectedFor(ip)?.interfaceName;
  // [UNVERIFIED] recursive next hops (a gateway reached through another route) are not modelled: inactive.
  if (interfaceName === undefined || !topology.interfaces.has(interfaceName)) return null;

  return { token, gateway: ip, interfaceName, healthKey: healthKey(ip, interfaceName) };
};

const staticEntry = (item: ConfigItem, topology: Topology, v7: boolean, health: HealthView): RouteEntry | null => {
  const props = item.props;
  const prefix = parsePrefix(props["dst-address"] ?? "0.0.0.0/0");
  if (prefix === null) return null;
  const kind = routeKind(props, v7);
  const checked = CHECKED.has(props["check-gateway"] ?? "");
  const tokens = kind === "unicast" ? (props.gateway ?? "").split(",").filter(Boolean) : [];
  const keyOf = (ip: number, iface: string) => (!checked ? undefined : v7 ? `${ip}%${iface}` : `${item.id}|${ip}`);
  const resolved = tokens.map((token) => resolveToken(token, topology, keyOf));
  const usable = resolved.filter(
    (hop): hop is Nexthop => hop !== null && topology.isRunning(hop.interfaceName) && (hop.healthKey === undefined || health(hop.healthKey)),
  );
  const table = (v7 ? props["routing-table"] : props["routing-mark"]) || "main";

  return { item, table, prefix, distance: Number(props.distance ?? "1"), kind, enabled: !isTrue(props.disabled), resolved, usable };
};

const connectedEntries = (topology: Topology): RouteEntry[] =>
  topology.connected
    .filter((network) => topology.isRunning(network.interfaceName))
    .map((network) => {
      const hop: Nexthop = { token: network.interfaceName, gateway: undefined, interfaceName: network.interfaceName, healthKey: undefined };
      return { item: null, table: "main", prefix: network.prefix, distance: 0, kind: "unicast", enabled: true, resolved: [hop], usable: [hop] };
    });

const isCandidate = (entry: RouteEntry) => entry.enabled && (entry.kind !== "unicast" || entry.usable.length > 0);

// Same table and destination compete; lowest distance wins. v7 keeps every route at that distance (ECMP);
// v6 keeps the first one (its own gateway list is the ECMP set).
const selectActive = (entries: readonly RouteEntry[], v7: boolean): ActiveGroup[] => {
  const contests = new Map<string, RouteEntry[]>();
  for (const entry of entries.filter(isCandidate)) {
    const key = `${entry.table}|${entry.prefix.network}/${entry.prefix.length}`;
    const contest = contests.get(key);
    if (contest) contest.push(entry);
    else contests.set(key, [entry]);
  }
  const groups: ActiveGroup[] = [];
  for (const contest of contests.values()) {
    const best = Math.min(...contest.map((entry) => entry.distance));
    const winners = contest.filter((entry) => entry.distance === best);
    const routes = v7 ? winners : winners.slice(0, 1);
    const first = routes[0]!;
    groups.push({ prefix: first.prefix, kind: first.kind, routes, nexthops: routes.flatMap((route) => route.usable) });
  }

  return groups;
};

export const buildRoutingTables = (config: RouterConfig, topology: Topology, v7: boolean, health: HealthView): RoutingTables => {
  const statics = config.hasTable("ip/route") ? config.table("ip/route").items : [];
  const entries = [
    ...connectedEntries(topology),
    ...statics.map((item) => staticEntry(item, topology, v7, health)).filter((entry): entry is RouteEntry => entry !== null),
  ];
  const groups = selectActive(entries, v7);
  const byTable = new Map<string, ActiveGroup[]>();
  for (const group of groups) {
    const table = group.routes[0]!.table;
    byTable.set(table, [...(byTable.get(table) ?? []), group]);
  }
  for (const list of byTable.values()) list.sort((a, b) => b.prefix.length - a.prefix.length);

  return {
    entries,
    active: new Set(groups.flatMap((group) => group.routes)),
    lookup: (table, dst) => byTable.get(table)?.find((group) => inPrefix(dst, group.prefix)),
    hasTable: (table) => byTable.has(table),
  };
};

/** ECMP: the next hop for a flow, hashed on its source and destination address (the l3 hash policy). */
export const pickNexthop = (group: ActiveGroup, src: number, dst: number): Nexthop | undefined =>
  group.nexthops.length <= 1 ? group.nexthops[0] : group.nexthops[hashWords([src, dst], 0xec3f) % group.nexthops.length];
