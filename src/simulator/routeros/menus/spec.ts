// A menu described as data: its properties (kind, default, reference, required), its name key, uniqueness,
// counters and a few hooks. commands/ turns a spec into the router's verbs (print, add, set, …) once, for all menus.

import type { ConfigItem } from "../config";
import type { SimulatedDevice } from "../device";
import type { CommandDefinition, Row } from "../types";
import { compareVersions, parseVersion } from "../version";

export type PropertyKind =
  | "bool" // yes/no/true/false in, true/false out
  | "switch" // presence flag: any value (even empty) sets it (blackhole, fib; reference §1.8)
  | "int"
  | "enum"
  | "duration" // "10s", "1m30s", "500ms", "00:00:10"
  | "ip" // 10.0.0.1
  | "cidr" // 10.0.0.0/24; a bare address gets /32
  | "ref" // the name of an item in another menu
  | "string";

export type PropertySpec = {
  kind: PropertyKind;
  /** Shown by print when unset. A function picks per version. */
  default?: string | ((device: SimulatedDevice) => string | undefined);
  required?: boolean;
  /** Enum values (or a function of the device). */
  values?: readonly string[] | ((device: SimulatedDevice) => readonly string[]);
  /** For kind "ref": the menu whose item names are valid, plus built-in names that need no item. */
  ref?: { menu: string; extra?: readonly string[] };
  /** Comma-separated list of the kind's values (gateway, connection-state). */
  list?: boolean;
  /** Firewall matchers take a leading "!" (in-interface=!ether1). */
  negatable?: boolean;
  /** Integer bounds, inclusive. */
  range?: readonly [number, number];
  /** Own normalizer: returns the stored form or throws a TrapReply. Runs instead of the kind's. */
  parse?: (value: string, context: ValueContext) => string;
};

export type ValueContext = { device: SimulatedDevice; name: string };

export type UniqueKey = { props: readonly string[]; message: string };

/** What hooks get: the device and the menu. */
export type MenuContext = { device: SimulatedDevice; spec: MenuSpec };

export type MenuSpec = {
  /** API menu path, "ip/firewall/mangle". */
  path: string;
  /** Config table the items live in; defaults to `path` (interface/ethernet lives in "interface"). */
  table?: string;
  /** Versions that have the menu besides what the schema says (routing/table is v7-only, ip/route/rule v6-only). */
  since?: string;
  until?: string;
  properties: Readonly<Record<string, PropertySpec>>;
  /** Items are addressed by this property too (`=numbers=ether1`, `=.id=main`). */
  nameKey?: string;
  unique?: readonly UniqueKey[];
  /** Firewall rules count bytes/packets, printed from item.counters. */
  counters?: boolean;
  /** First `.id` number of the table (v7 static routes start at *80000001). */
  firstId?: (device: SimulatedDevice) => number;
  /** Items the router derives from other menus and never stores (connected routes of /ip/address). */
  derivedItems?: (device: SimulatedDevice) => ConfigItem[];
  /** Items of the table this menu shows (interface/ethernet = interfaces of type ether). */
  filter?: (item: ConfigItem) => boolean;
  /** Read-only properties printed for an item, computed from its props (address network, route flags). */
  derive?: (context: MenuContext, item: ConfigItem) => Row;
  /** item.runtime entries print leaves out (interface rates are for monitor-traffic, not print). */
  hideRuntime?: (name: string) => boolean;
  /** Flags printed after the properties; default: disabled (and dynamic when the table has dynamic items). */
  flags?: (context: MenuContext, item: ConfigItem) => Row;
  /** Cross-property checks on the item as it will be stored (props already normalized). */
  check?: (context: MenuContext, props: Readonly<Record<string, string>>, item?: ConfigItem) => void;
  /** After add/set/unset/enable/disable/comment: e.g. netwatch forgets its status. */
  afterChange?: (context: MenuContext, item: ConfigItem) => void;
  /** Dynamic items may be removed (conntrack entries); elsewhere they refuse every change. */
  dynamicWritable?: boolean;
  /** A message when the item must not be removed or changed (built-in lists). */
  protect?: (item: ConfigItem, verb: string) => string | undefined;
  /** No enable/disable (interface lists); print omits `disabled`. */
  noDisable?: boolean;
  /** Extra verbs (system/script run, interface monitor-traffic, tool/e-mail send). */
  commands?: (spec: MenuSpec) => Readonly<Record<string, CommandDefinition>>;
};

export type SettingsSpec = {
  path: string;
  since?: string;
  until?: string;
  properties: Readonly<Record<string, PropertySpec>>;
  commands?: Readonly<Record<string, CommandDefinition>>;
};

const atLeast = (version: string, minimum: string): boolean => {
  const current = parseVersion(version);
  const floor = parseVersion(minimum);
  return current !== null && floor !== null && compareVersions(current, floor) >= 0;
};

/** The MenuDefinition `available` test for a spec's since/until. */
export const availableFor =
  (spec: { since?: string; until?: string }) =>
  (version: string): boolean =>
    (spec.since === undefined || atLeast(version, spec.since)) && (spec.until === undefined || !atLeast(version, spec.until));

export const tableOf = (spec: MenuSpec): string => spec.table ?? spec.path;
