// Route activity as print shows it (item.runtime), rewritten whenever routing is recomputed.
// v7 (real REST rows, aiNOC capture): active route {"active":"true","inactive":"false","static":"true",
//   "immediate-gw":"172.31.255.29%ether1"}, ECMP members add "ecmp":"true", inactive candidates lack "active".
// v6: "active":"true"/"false" and "gateway-status" like "172.10.7.1 reachable via  ether1" (two spaces, from a
//   fixture [UNVERIFIED]); an unusable gateway reads "<gw> unreachable" [UNVERIFIED].

import { formatIp } from "../ip";
import type { Nexthop, RouteEntry, RoutingTables } from "./routes";

const OWNED = ["active", "inactive", "ecmp", "immediate-gw", "gateway-status", "static"] as const;

const hopText = (hop: Nexthop) => (hop.gateway === undefined ? hop.interfaceName : `${formatIp(hop.gateway)}%${hop.interfaceName}`);

const gatewayStatus = (entry: RouteEntry): string =>
  entry.resolved
    .map((hop, index) => {
      const gateway = entry.item?.props.gateway?.split(",")[index] ?? "";
      if (hop === null || !entry.usable.includes(hop)) return `${gateway} unreachable`;
      return hop.gateway === undefined ? `${gateway} reachable` : `${gateway} reachable via  ${hop.interfaceName}`;
    })
    .join(",");

const v7Flags = (entry: RouteEntry, active: boolean, ecmp: boolean): Record<string, string> => {
  const flags: Record<string, string> = { static: "true" };
  if (!active) {
    // [UNVERIFIED] a reachable route that lost on distance is neither active nor inactive.
    flags.inactive = entry.enabled && entry.kind === "unicast" && entry.usable.length === 0 ? "true" : "false";
    return flags;
  }
  flags.active = "true";
  flags.inactive = "false";
  if (ecmp) flags.ecmp = "true";
  const hop = entry.usable[0];
  if (hop) flags["immediate-gw"] = hopText(hop);

  return flags;
};

const v6Flags = (entry: RouteEntry, active: boolean): Record<string, string> => {
  const flags: Record<string, string> = { active: String(active) };
  if (entry.kind === "unicast" && entry.resolved.length > 0) flags["gateway-status"] = gatewayStatus(entry);

  return flags;
};

export const writeRouteFlags = (tables: RoutingTables, v7: boolean): void => {
  const groupSizes = new Map<string, number>();
  for (const entry of tables.active) {
    const key = `${entry.table}|${entry.prefix.network}/${entry.prefix.length}`;
    groupSizes.set(key, (groupSizes.get(key) ?? 0) + 1);
  }
  for (const entry of tables.entries) {
    if (entry.item === null) continue;
    const active = tables.active.has(entry);
    const ecmp = (groupSizes.get(`${entry.table}|${entry.prefix.network}/${entry.prefix.length}`) ?? 0) > 1;
    const runtime = entry.item.runtime;
    for (const name of OWNED) delete runtime[name];
    Object.assign(runtime, v7 ? v7Flags(entry, active, ecmp) : v6Flags(entry, active));
  }
};
