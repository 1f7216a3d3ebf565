// The configuration compiled for the packet path (matchers, chains, routing tables), rebuilt after any change.
// Conntrack entries live in the configuration too, but they never change how packets are judged, so adding one
// does not throw the compiled rules away. Route activity (item.runtime) is rewritten right after every change, so
// a route disabled by a script prints inactive at once.

import type { RouterConfig } from "../config";
import { CONNTRACK_PATH } from "./conntrack";
import { compileRuleTable, type RuleTable } from "./rules/chains";
import { compilePolicyRules, type PolicyRule } from "./routing/decide";
import { writeRouteFlags } from "./routing/flags";
import type { GatewayHealth } from "./routing/gateway-check";
import { buildRoutingTables, type RoutingTables } from "./routing/routes";
import { buildTopology, type Topology } from "./topology";

export type Compiled = {
  /** Changes whenever anything below may have changed; remembered paths carry it. */
  key: string;
  topology: Topology;
  mangle: RuleTable;
  nat: RuleTable;
  filter: RuleTable;
  routing: RoutingTables;
  policy: readonly PolicyRule[];
};

export type CompiledView = {
  current: () => Compiled;
  /** Gateway checks or link state changed: recompute routing. */
  invalidate: () => void;
  dispose: () => void;
};

export const createCompiledView = (config: RouterConfig, v7: boolean, health: GatewayHealth, linksDown: ReadonlySet<string>): CompiledView => {
  let generation = 0;
  let cached: Compiled | undefined;
  let flagsPending = false;

  const build = (): Compiled => {
    const topology = buildTopology(config, linksDown);
    const routing = buildRoutingTables(config, topology, v7, health.isUp);
    writeRouteFlags(routing, v7);

    return {
      key: `${generation}`,
      topology,
      mangle: compileRuleTable(config, "ip/firewall/mangle", topology),
      nat: compileRuleTable(config, "ip/firewall/nat", topology),
      filter: compileRuleTable(config, "ip/firewall/filter", topology),
      routing,
      policy: compilePolicyRules(config, v7),
    };
  };
  const current = () => {
    if (cached === undefined || cached.key !== `${generation}`) cached = build();
    return cached;
  };
  const invalidate = () => {
    generation += 1;
    if (flagsPending) return;
    flagsPending = true;
    // Coalesce a burst of changes (an /import, a script) into one rebuild, still before any reply goes out.
    queueMicrotask(() => {
      flagsPending = false;
      current();
    });
  };
  const unsubscribe = config.onChange((path) => {
    if (path !== CONNTRACK_PATH) invalidate();
  });

  return { current, invalidate, dispose: unsubscribe };
};
