import type { PlanWarning } from "../../plan";

// What compileRouterOs returns: plain data (JSON-serialisable), so a plan can be previewed, stored and pushed later.

export type RouterOsVersion = "6" | "7";

/**
 * How menus are written in `script`: "spaced" (`/ip firewall mangle`, as /export writes them, accepted by v6 and
 * v7) or "slashed" (`/ip/firewall/mangle`, v7 only).
 */
export type RouterOsDialect = "spaced" | "slashed";

/**
 * How outbound connections are spread over the primary tier's links. "pcc": mangle marks each new connection for
 * a link (weights exact up to the PCC cap, the intent's method honoured). "ecmp": equal-cost default routes in the
 * main table (v6: one route with repeated gateways; v7: one route per link, equal shares only).
 */
export type RouterOsBalancer = "pcc" | "ecmp";

export type RouterOsMenu =
  | "/routing/table"
  | "/interface/list"
  | "/interface/list/member"
  | "/ip/firewall/address-list"
  | "/ip/route"
  | "/ip/firewall/mangle"
  | "/ip/firewall/nat"
  | "/tool/netwatch";

/**
 * The object's enabled/disabled state belongs to a netwatch at run time: its down-script and up-script disable and
 * enable the object. The rule for whoever pushes a plan: never "correct" `disabled` on such an object (a drift in
 * `disabled` is the netwatch doing its job), and add it in the state the netwatch currently implies: enabled when
 * the netwatch's status equals `enabledWhen`, disabled otherwise (status `unknown`: enabled, and the netwatch's
 * first verdict fixes it).
 */
export type SwitchedBy = {
  /** The netwatch object's comment, e.g. "waymark:netwatch:isp-a". */
  netwatch: string;
  enabledWhen: "up" | "down";
};

/**
 * One object Waymark creates with `add`. `properties` hold the API names and values (without `comment`); an empty
 * value is a switch written without `=` (`fib`). `comment` is `waymark:<stable id>`, unique within the plan, so a
 * push can diff desired against current state and never touch objects it did not create.
 */
export type RouterOsObject = { menu: RouterOsMenu; properties: Record<string, string>; comment: string; switchedBy?: SwitchedBy };

/**
 * Connections to remove once the plan is applied (a backend set to "disabled" loses the ones it has):
 * `/ip/firewall/connection/remove` of every entry matching all of `where` (print query words, equality).
 */
export type RouterOsConnectionRemoval = { reason: string; where: Record<string, string> };

export type RouterOsPlan = {
  target: "routeros";
  version: RouterOsVersion;
  balancer: RouterOsBalancer;
  /** In the order they must be created (tables before routes, routes before the marks that use them). */
  objects: RouterOsObject[];
  removeConnections: RouterOsConnectionRemoval[];
  warnings: PlanWarning[];
  /** The exact .rsc an admin could paste: one `add` per object, in order, then the connection removals. */
  script: string;
  /** Every backend of every pool, for the read-back (a drained one has no rule to find it by); absent without pools. */
  backends?: RouterOsBackend[];
};

/** A pool backend as the read-back names it; `at` is "address:port", as connection tracking shows its side. */
export type RouterOsBackend = { pool: string; name: string; at: string; protocol: "tcp" | "udp"; state: "active" | "drain" | "disabled" };
