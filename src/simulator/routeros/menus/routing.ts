// Policy routing: /routing/table and /routing/rule on v7, /ip/route/rule on v6 (reference §2.3, §2.4).
// "Default table: 0 D name="main" fib" (Policy Routing page): a dynamic item seeded at boot (seed.ts).

import type { ConfigItem } from "../config";
import type { MenuContext, MenuSpec, PropertySpec } from "./spec";

const RULE_ACTIONS = ["drop", "lookup", "lookup-only-in-table", "unreachable"];

export const routingTableSpec: MenuSpec = {
  path: "routing/table",
  since: "7.0",
  nameKey: "name",
  properties: {
    name: { kind: "string", required: true },
    fib: { kind: "switch" },
  },
  unique: [{ props: ["name"], message: "failure: already have such name" }],
  flags: (_context: MenuContext, item: ConfigItem) => ({
    dynamic: String(item.dynamic),
    invalid: "false",
    disabled: item.props.disabled ?? "false",
  }),
};

const ruleProperties = (table: PropertySpec): Record<string, PropertySpec> => ({
  "src-address": { kind: "cidr" },
  "dst-address": { kind: "cidr" },
  "routing-mark": { kind: "string" },
  interface: { kind: "ref", ref: { menu: "interface" } },
  action: { kind: "enum", values: RULE_ACTIONS, default: "lookup" },
  table,
});

export const routingRuleSpec: MenuSpec = {
  path: "routing/rule",
  since: "7.0",
  properties: {
    ...ruleProperties({ kind: "ref", ref: { menu: "routing/table" } }),
    "min-prefix": { kind: "int" },
  },
};

export const ipRouteRuleSpec: MenuSpec = {
  path: "ip/route/rule",
  until: "7.0",
  properties: ruleProperties({ kind: "string" }),
};
