// What the diff knows about each menu Waymark may own objects in: where it sits in dependency order, whether its
// items are ordered (firewall tables), which properties Waymark manages there and what the router prints for
// them when nobody set them. Property names follow the /console/inspect schemas of 6.49 (derived) to 7.24.

export type MenuVersion = "6" | "7";

/** Firewall tables: evaluated top-down, so the position of Waymark's rules matters. */
export const FIREWALL_TABLES: ReadonlySet<string> = new Set(["/ip/firewall/raw", "/ip/firewall/mangle", "/ip/firewall/filter", "/ip/firewall/nat"]);

// Adds follow this order (a routing table exists before routes and marks name it, an interface list before its
// members); removes go the other way. Menus not listed come last on add and first on remove.
const DEPENDENCY_ORDER: readonly string[] = [
  "/routing/table",
  "/interface/list",
  "/interface/list/member",
  "/ip/firewall/address-list",
  "/ip/route",
  "/ip/firewall/raw",
  "/ip/firewall/mangle",
  "/ip/firewall/filter",
  "/ip/firewall/nat",
  "/tool/netwatch",
];

export const dependencyRank = (menu: string): number => {
  const rank = DEPENDENCY_ORDER.indexOf(menu);
  return rank < 0 ? DEPENDENCY_ORDER.length : rank;
};

/** Every menu a Waymark plan can put objects in, per version: a push reads them all to find stale objects. */
export const ownedMenus = (version: MenuVersion): readonly string[] => DEPENDENCY_ORDER.filter((menu) => version === "7" || menu !== "/routing/table");

// Firewall properties that say nothing about what a rule matches or does: an admin may turn on logging on a
// Waymark rule to debug it, and Waymark leaves that alone.
const FIREWALL_UNMANAGED: ReadonlySet<string> = new Set(["comment", "disabled", "log", "log-prefix", "copy-from", "place-before"]);

// Settable firewall properties (add arguments, 7.24 and 6.49), i.e. every matcher and action parameter.
const FIREWALL_PROPS: readonly string[] = [
  "action",
  "address-list",
  "address-list-timeout",
  "chain",
  "connection-bytes",
  "connection-limit",
  "connection-mark",
  "connection-nat-state",
  "connection-rate",
  "connection-state",
  "connection-type",
  "content",
  "dscp",
  "dst-address",
  "dst-address-list",
  "dst-address-type",
  "dst-limit",
  "dst-port",
  "fragment",
  "hotspot",
  "hw-offload",
  "icmp-options",
  "in-bridge-port",
  "in-bridge-port-list",
  "in-interface",
  "in-interface-list",
  "ingress-priority",
  "ipsec-policy",
  "ipv4-options",
  "jump-target",
  "layer7-protocol",
  "limit",
  "new-connection-mark",
  "new-dscp",
  "new-mss",
  "new-packet-mark",
  "new-priority",
  "new-routing-mark",
  "new-ttl",
  "nth",
  "out-bridge-port",
  "out-bridge-port-list",
  "out-interface",
  "out-interface-list",
  "p2p",
  "packet-mark",
  "packet-size",
  "passthrough",
  "per-connection-classifier",
  "port",
  "priority",
  "protocol",
  "psd",
  "random",
  "randomise-ports",
  "realm",
  "reject-with",
  "route-dst",
  "routing-mark",
  "same-not-by-dst",
  "sniff-id",
  "sniff-target",
  "sniff-target-port",
  "src-address",
  "src-address-list",
  "src-address-type",
  "src-mac-address",
  "src-port",
  "tcp-flags",
  "tcp-mss",
  "time",
  "tls-host",
  "to-addresses",
  "to-ports",
  "ttl",
].filter((p) => !FIREWALL_UNMANAGED.has(p));

export type MenuInfo = {
  /**
   * Properties Waymark owns on its objects in this menu: one the plan does not set must be at its default, or it
   * is unset. Properties outside this list (read-only ones, counters, runtime state) are never compared.
   */
  managed: readonly string[];
  /** What print shows for a managed property nobody set (after normalisation); absent means "not printed". */
  defaults: Readonly<Record<string, string>>;
  /** Whether the menu has `unset`; otherwise a stray property is cleared with `set name=""`. */
  canUnset: boolean;
  /** Settable properties, used to re-create a removed object exactly (read-only ones are left out). */
  restorable: readonly string[];
};

const firewall = (version: MenuVersion): MenuInfo => ({
  managed: FIREWALL_PROPS,
  // Mark actions print passthrough=true when it was not given; address-list actions print their timeout
  // (v7 "none-dynamic", v6 "00:00:00", i.e. no timeout, compared as a duration).
  defaults: { passthrough: "true", "address-list-timeout": version === "7" ? "none-dynamic" : "0", "hw-offload": "false" },
  canUnset: true,
  restorable: [...FIREWALL_PROPS, "comment", "disabled", "log", "log-prefix"],
});

const ROUTE_PROPS = ["dst-address", "gateway", "distance", "scope", "target-scope", "check-gateway", "pref-src", "vrf-interface"];

const route = (version: MenuVersion): MenuInfo => {
  const specific = version === "7" ? ["routing-table", "blackhole", "suppress-hw-offload"] : ["routing-mark", "type"];
  return {
    managed: [...ROUTE_PROPS, ...specific],
    defaults: {
      distance: "1",
      scope: "30",
      "target-scope": "10",
      "check-gateway": "none",
      ...(version === "7" ? { "routing-table": "main", blackhole: "false", "suppress-hw-offload": "false" } : { type: "unicast" }),
    },
    canUnset: true,
    restorable: [...ROUTE_PROPS, ...specific, "comment", "disabled"],
  };
};

const NETWATCH_V7 = ["host", "type", "interval", "timeout", "up-script", "down-script", "test-script", "src-address"];
const NETWATCH_V6 = ["host", "interval", "timeout", "up-script", "down-script"];

const netwatch = (version: MenuVersion): MenuInfo => ({
  managed: version === "7" ? NETWATCH_V7 : NETWATCH_V6,
  defaults: version === "7" ? { type: "simple" } : {},
  canUnset: true,
  restorable: [...(version === "7" ? [...NETWATCH_V7, "name", "start-delay", "startup-delay"] : NETWATCH_V6), "comment", "disabled"],
});

const simple = (managed: readonly string[], defaults: Record<string, string>, canUnset: boolean, extra: readonly string[] = []): MenuInfo => ({
  managed,
  defaults,
  canUnset,
  restorable: [...managed, ...extra, "comment", "disabled"],
});

export const menuInfo = (menu: string, version: MenuVersion): MenuInfo | undefined => {
  if (FIREWALL_TABLES.has(menu)) return firewall(version);
  switch (menu) {
    case "/ip/route":
      return route(version);
    case "/tool/netwatch":
      return netwatch(version);
    case "/routing/table":
      return simple(["name", "fib"], { fib: "false" }, true);
    case "/interface/list":
      return { ...simple(["name", "include", "exclude"], {}, false), restorable: ["name", "include", "exclude", "comment"] };
    case "/interface/list/member":
      return simple(["list", "interface"], {}, false);
    case "/ip/firewall/address-list":
      return simple(["list", "address"], {}, false);
    default:
      return undefined;
  }
};

/** Props RouterOS treats as presence switches (reference §1.8): `fib`, `blackhole`. */
export const SWITCH_PROPS: ReadonlySet<string> = new Set(["fib", "blackhole"]);
