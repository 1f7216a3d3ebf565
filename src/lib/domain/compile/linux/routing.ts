import type { Intent } from "../../intent";
import { hex, linkTable, MARK_MASK, NO_LINK_MARK, RULE_PREF } from "./layout";
import { linkModels } from "./links";
import type { LinuxCleanup, LinuxRoute, LinuxRule, LinuxSysctl } from "./types";

// The routing side: one table per link holding only its default route, and the rules that send a mark there.
// `lookup main suppress_prefixlength 0` comes first: every main-table route except the default wins before the
// marks are looked at, so LAN and connected traffic (and de-NATed replies to the LAN) never leave by a WAN.

/** Intent allows 16 links; cleanup covers every index a plan could have used. */
const MAX_LINKS = 16;

export function routes(intent: Intent): LinuxRoute[] {
  return linkModels(intent).map((l) => ({
    link: l.name,
    table: l.table,
    gateway: l.gateway,
    interface: l.interface,
    argv: ["ip", "route", "replace", "default", "via", l.gateway, "dev", l.interface, "table", String(l.table)],
  }));
}

export function rules(intent: Intent): LinuxRule[] {
  const rule = (pref: number, selector: string[], action: string[]): LinuxRule => ({
    pref,
    selector: selector.join(" "),
    action: action.join(" "),
    argv: ["ip", "rule", "add", "pref", String(pref), ...selector, ...action],
  });
  const lastResort = intent.outbound.lastResort;
  return [
    rule(RULE_PREF.mainWithoutDefault, [], ["lookup", "main", "suppress_prefixlength", "0"]),
    ...linkModels(intent).map((l) => rule(RULE_PREF.linkBase + l.index, ["fwmark", `${hex(l.mark)}/${hex(MARK_MASK)}`], ["lookup", String(l.table)])),
    ...(lastResort === "main-table" ? [] : [rule(RULE_PREF.noLink, ["fwmark", `${hex(NO_LINK_MARK)}/${hex(MARK_MASK)}`], [lastResort])]),
  ];
}

/** Remove every rule at a Waymark priority (they are re-added right after) and the tables of unused indexes. */
export function cleanup(intent: Intent): LinuxCleanup[] {
  const prefs = [RULE_PREF.mainWithoutDefault, ...Array.from({ length: MAX_LINKS }, (_, i) => RULE_PREF.linkBase + i), RULE_PREF.noLink];
  const unusedTables = Array.from({ length: MAX_LINKS - intent.links.length }, (_, k) => linkTable(intent.links.length + k));
  return [
    ...prefs.map((pref) => ({ argv: ["ip", "rule", "del", "pref", String(pref)], untilFails: true })),
    ...unusedTables.map((table) => ({ argv: ["ip", "route", "flush", "table", String(table)], untilFails: false })),
  ];
}

export function sysctls(intent: Intent): LinuxSysctl[] {
  const entry = (path: string[], value: string): LinuxSysctl => {
    // sysctl(8) separates levels with "."; a "." inside an interface name (eth0.100) is written "/" there.
    const key = path.map((part) => part.replace(/\./g, "/")).join(".");
    return { key, value, path: `/proc/sys/${path.join("/")}`, argv: ["sysctl", "-w", `${key}=${value}`] };
  };
  return [
    entry(["net", "ipv4", "ip_forward"], "1"),
    // Reverse-path checks look routes up with the packet's mark, so replies on a marked link validate.
    entry(["net", "ipv4", "conf", "all", "src_valid_mark"], "1"),
    // Loose on the WANs: the effective value is max(all, interface), so 2 wins whatever "all" says.
    ...linkModels(intent).map((l) => entry(["net", "ipv4", "conf", l.interface, "rp_filter"], "2")),
    // Server pools: the reset that refuses a client while no backend is up is routed with the client's packet's
    // mark (its link), as the gateway's own connections are; without it the main table alone routes it.
    ...((intent.inbound?.pools.length ?? 0) > 0 ? [entry(["net", "ipv4", "fwmark_reflect"], "1")] : []),
  ];
}
