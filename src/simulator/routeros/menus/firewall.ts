// /ip/firewall/{mangle,nat,filter,raw}: ordered rules with counters (reference §2.1, §2.2, §3).
// Print rows carry bytes/packets as decimal strings plus the flags invalid/dynamic/disabled ("X-disabled,
// I-invalid, D-dynamic" in the Firewall Filter page).

import type { ConfigItem } from "../config";
import { firewallMatchers, routingMarkReference } from "./firewall-matchers";
import type { MenuContext, MenuSpec, PropertySpec } from "./spec";

// Action lists from the CLI reference of each table (reference §2.1, §2.2).
const MANGLE_ACTIONS = [
  "accept",
  "jump",
  "return",
  "log",
  "passthrough",
  "add-src-to-address-list",
  "add-dst-to-address-list",
  "sniff-tzsp",
  "sniff-pc",
  "drop",
  "mark-packet",
  "mark-connection",
  "change-mss",
  "change-dscp",
  "strip-ipv4-options",
  "change-ttl",
  "mark-routing",
  "set-priority",
  "clear-df",
  "fasttrack-connection",
  "route",
];
const NAT_ACTIONS = [
  "accept",
  "add-dst-to-address-list",
  "add-src-to-address-list",
  "dst-nat",
  "jump",
  "log",
  "masquerade",
  "netmap",
  "passthrough",
  "redirect",
  "return",
  "same",
  "src-nat",
  "endpoint-independent-nat",
  "socksify",
];
const FILTER_ACTIONS = [
  "accept",
  "add-dst-to-address-list",
  "add-src-to-address-list",
  "drop",
  "fasttrack-connection",
  "jump",
  "log",
  "passthrough",
  "reject",
  "return",
  "tarpit",
];
const RAW_ACTIONS = ["accept", "add-dst-to-address-list", "add-src-to-address-list", "drop", "jump", "log", "notrack", "return"];

const action = (values: readonly string[]): PropertySpec => ({ kind: "enum", values, default: "accept" });
const chain: PropertySpec = { kind: "string", required: true };

// "Action mark-routing can be used only in mangle chain output and prerouting" (PCC page). The router keeps such a
// rule and flags it invalid; [UNVERIFIED] that it does not refuse it outright.
const invalidRule = (item: ConfigItem): boolean => item.props.action === "mark-routing" && !["prerouting", "output"].includes(item.props.chain ?? "");

const ruleFlags = (_context: MenuContext, item: ConfigItem) => ({
  invalid: String(invalidRule(item)),
  dynamic: String(item.dynamic),
  disabled: item.props.disabled ?? "false",
});

const rules = (path: string, properties: Record<string, PropertySpec>): MenuSpec => ({
  path,
  properties: { chain, ...properties, ...firewallMatchers },
  counters: true,
  flags: ruleFlags,
});

export const mangleSpec: MenuSpec = rules("ip/firewall/mangle", {
  action: action(MANGLE_ACTIONS),
  "new-connection-mark": { kind: "string" },
  "new-packet-mark": { kind: "string" },
  "new-routing-mark": routingMarkReference,
  passthrough: { kind: "bool", default: "true" },
  "new-mss": { kind: "string" },
  "new-ttl": { kind: "string" },
  "new-dscp": { kind: "string" },
  "new-priority": { kind: "string" },
});

export const natSpec: MenuSpec = rules("ip/firewall/nat", {
  action: action(NAT_ACTIONS),
  "to-addresses": { kind: "string" },
  "to-ports": { kind: "string" },
});

export const filterSpec: MenuSpec = rules("ip/firewall/filter", {
  action: action(FILTER_ACTIONS),
  "reject-with": { kind: "string" },
});

export const rawSpec: MenuSpec = rules("ip/firewall/raw", { action: action(RAW_ACTIONS) });

export const firewallSpecs: readonly MenuSpec[] = [mangleSpec, natSpec, filterSpec, rawSpec];
