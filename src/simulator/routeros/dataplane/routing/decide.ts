// The routing decision for one packet: local delivery, then policy rules (v7 /routing/rule, v6 /ip/route/rule),
// then the routing mark's table, then main.

import type { RouterConfig } from "../../config";
import { inPrefix, parsePrefix, type Prefix } from "../ip";
import { enabledItems, type Topology } from "../topology";
import { pickNexthop, type ActiveGroup, type Nexthop, type RoutingTables } from "./routes";

export type RouteDecision =
  | { kind: "local" }
  | { kind: "unicast"; table: string; group: ActiveGroup; nexthop: Nexthop }
  | { kind: "blackhole" | "unreachable" | "prohibit"; table: string }
  | { kind: "none" };

export type PolicyRule = {
  src: Prefix | undefined;
  dst: Prefix | undefined;
  routingMark: string | undefined;
  interfaceName: string | undefined;
  action: string;
  table: string;
};

export type RouteQuery = { src: number; dst: number; routingMark: string | undefined; inInterface: string | undefined };

export const compilePolicyRules = (config: RouterConfig, v7: boolean): PolicyRule[] =>
  enabledItems(config, v7 ? "routing/rule" : "ip/route/rule").map((item) => {
    const props = item.props;
    return {
      src: props["src-address"] ? (parsePrefix(props["src-address"]) ?? undefined) : undefined,
      dst: props["dst-address"] ? (parsePrefix(props["dst-address"]) ?? undefined) : undefined,
      routingMark: props["routing-mark"] || undefined,
      interfaceName: props.interface || undefined,
      action: props.action ?? "lookup",
      table: props.table || "main",
    };
  });

const ruleMatches = (rule: PolicyRule, query: RouteQuery) =>
  (rule.src === undefined || inPrefix(query.src, rule.src)) &&
  (rule.dst === undefined || inPrefix(query.dst, rule.dst)) &&
  (rule.routingMark === undefined || rule.routingMark === query.routingMark) &&
  (rule.interfaceName === undefined || rule.interfaceName === query.inInterface);

const lookupIn = (tables: RoutingTables, table: string, query: RouteQuery): RouteDecision => {
  const group = tables.lookup(table, query.dst);
  if (group === undefined) return { kind: "none" };
  if (group.kind !== "unicast") return { kind: group.kind, table };
  const nexthop = pickNexthop(group, query.src, query.dst);

  return nexthop === undefined ? { kind: "none" } : { kind: "unicast", table, group, nexthop };
};

// v7 docs (Policy routing): "If mangle marks a packet and that table can resolve the destination, routing rules are
// bypassed entirely". v6 evaluates /ip route rule first (rules may match the routing mark).
// [UNVERIFIED] a marked packet whose table has no route falls back to rules and main, on both versions.
export const decideRoute = (tables: RoutingTables, rules: readonly PolicyRule[], topology: Topology, query: RouteQuery, v7: boolean): RouteDecision => {
  if (topology.localAddresses.has(query.dst)) return { kind: "local" };
  const marked = query.routingMark === undefined ? undefined : () => lookupIn(tables, query.routingMark!, query);
  if (v7 && marked) {
    const found = marked();
    if (found.kind !== "none") return found;
  }
  for (const rule of rules) {
    if (!ruleMatches(rule, query)) continue;
    if (rule.action === "drop") return { kind: "blackhole", table: rule.table };
    if (rule.action === "unreachable") return { kind: "unreachable", table: rule.table };
    const found = lookupIn(tables, rule.table, query);
    if (found.kind !== "none" || rule.action === "lookup-only-in-table") return found;
  }
  if (!v7 && marked) {
    const found = marked();
    if (found.kind !== "none") return found;
  }

  return lookupIn(tables, "main", query);
};
