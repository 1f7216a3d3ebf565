import type { PlanWarning } from "../../plan";

// What compileRouterOs returns: plain data (JSON-serialisable), so a plan can be previewed, stored and pushed later.

export type RouterOsVersion = "6" | "7";

/**
 * How menus are written in `script`: "spaced" (`/ip firewall mangle`, as /export writes them, accepted by v6 and
 * v7) or "slashed" (`/ip/firewall/mangle`, v7 only).
 */
export type RouterOsDialect = "spaced" | "slashed";

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
 * One object Waymark creates with `add`. `properties` hold the API names and values (without `comment`); an empty
 * value is a switch written without `=` (`fib`). `comment` is `waymark:<stable id>`, unique within the plan, so a
 * push can diff desired against current state and never touch objects it did not create.
 */
export type RouterOsObject = { menu: RouterOsMenu; properties: Record<string, string>; comment: string };

export type RouterOsPlan = {
  target: "routeros";
  version: RouterOsVersion;
  /** In the order they must be created (tables before routes, routes before the marks that use them). */
  objects: RouterOsObject[];
  warnings: PlanWarning[];
  /** The exact .rsc an admin could paste: one `add` per object, in order. */
  script: string;
};
