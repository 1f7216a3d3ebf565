// /interface (every interface, with its `type`) and /interface/ethernet (the view of type=ether), reference §2.6.
// Byte/packet counters and monitor-traffic rates are the dataplane's: item.runtime["rx-byte"], …, and
// item.runtime["rx-bits-per-second"], … (zero when absent). Rates stay out of print.
// monitor-traffic with several interfaces answers one !re per interface, in the order given (API command notes,
// "Monitor-traffic"); `=once=` gives one round, otherwise a round a second until /cancel (reference §1.6).

import { tableFor, targetItems } from "../commands/items";
import { intervalOf, streamEvery } from "../commands/print";
import { noMatch } from "../commands/values";
import type { ConfigItem } from "../config";
import type { SimulatedDevice } from "../device";
import type { CommandDefinition, Row } from "../types";
import type { MenuContext, MenuSpec } from "./spec";

export const COUNTER_NAMES = [
  "rx-byte",
  "tx-byte",
  "rx-packet",
  "tx-packet",
  "rx-drop",
  "tx-drop",
  "tx-queue-drop",
  "rx-error",
  "tx-error",
  "fp-rx-byte",
  "fp-tx-byte",
  "fp-rx-packet",
  "fp-tx-packet",
];

export const RATE_NAMES = [
  "rx-packets-per-second",
  "rx-bits-per-second",
  "fp-rx-packets-per-second",
  "fp-rx-bits-per-second",
  "rx-drops-per-second",
  "rx-errors-per-second",
  "tx-packets-per-second",
  "tx-bits-per-second",
  "fp-tx-packets-per-second",
  "fp-tx-bits-per-second",
  "tx-drops-per-second",
  "tx-queue-drops-per-second",
  "tx-errors-per-second",
];

const isRate = (name: string): boolean => name.endsWith("-per-second");

const interfaceState = (_context: MenuContext, item: ConfigItem): Row => ({
  "actual-mtu": item.props.mtu ?? "1500",
  running: String(item.props.disabled !== "true"),
  slave: "false",
  "link-downs": "0",
  ...Object.fromEntries(COUNTER_NAMES.map((name) => [name, "0"])),
});

const rates = (item: ConfigItem): Row => ({
  name: item.props.name ?? "",
  ...Object.fromEntries(RATE_NAMES.map((name) => [name, item.runtime[name] ?? "0"])),
});

const monitorTraffic = (spec: MenuSpec): CommandDefinition => ({
  run: async (context) => {
    const names = (context.args.get("interface") ?? "").split(",").filter((name) => name.length > 0);
    const all = tableFor(context.device, spec).items;
    const items = names.map((name) => {
      const item = all.find((candidate) => candidate.props.name === name || candidate.id === name);
      if (!item) throw noMatch("interface");
      return item;
    });
    if (items.length === 0) throw noMatch("interface");
    const round = () => items.map(rates);
    if (context.args.has("once")) return void round().forEach(context.emit);
    await streamEvery(context, intervalOf(context) ?? 1_000, round);
  },
});

const resetCounters = (spec: MenuSpec): CommandDefinition => ({
  run: ({ device, args }) => {
    for (const item of targetItems(device, spec, args)) for (const name of COUNTER_NAMES) item.runtime[name] = "0";
  },
});

export const interfaceSpec: MenuSpec = {
  path: "interface",
  nameKey: "name",
  properties: {
    name: { kind: "string", required: true },
    mtu: { kind: "int", default: "1500", range: [0, 65535] },
    l2mtu: { kind: "int" },
  },
  // [UNVERIFIED] wording for renaming onto an existing interface name.
  unique: [{ props: ["name"], message: "failure: already have such name" }],
  derive: interfaceState,
  hideRuntime: isRate,
  commands: (spec) => ({ "monitor-traffic": monitorTraffic(spec), "reset-counters": resetCounters(spec) }),
};

export const ethernetSpec: MenuSpec = {
  ...interfaceSpec,
  path: "interface/ethernet",
  table: "interface",
  filter: (item) => item.runtime.type === "ether",
  properties: {
    ...interfaceSpec.properties,
    arp: { kind: "enum", values: ["disabled", "enabled", "local-proxy-arp", "proxy-arp", "reply-only"], default: "enabled" },
  },
  derive: (context, item) => ({ ...interfaceState(context, item), "orig-mac-address": item.runtime["mac-address"] ?? "" }),
  commands: (spec) => ({ "reset-counters": resetCounters(spec) }),
};

export type InterfaceSeed = {
  name: string;
  /** "ether" (default), "bridge", "vlan", "pppoe-out", … */
  type?: string;
  macAddress?: string;
  /** Configured properties as print shows them (mtu, comment, disabled, vlan-id, …). */
  props?: Record<string, string>;
};

const macFor = (index: number): string => `4C:5E:0C:00:00:${(index + 1).toString(16).toUpperCase().padStart(2, "0")}`;

/**
 * Creates an interface the way the hardware or a type-specific menu (bridge, vlan, …) would: the API has no
 * /interface/add. type, default-name and mac-address are read-only facts, kept in item.runtime.
 */
export const addInterface = (device: SimulatedDevice, seed: InterfaceSeed): ConfigItem => {
  const table = tableFor(device, interfaceSpec);
  const type = seed.type ?? "ether";
  const item = table.add({ name: seed.name, ...seed.props });
  item.runtime.type = type;
  if (type === "ether") item.runtime["default-name"] = seed.name;
  item.runtime["mac-address"] = seed.macAddress ?? macFor(table.items.length - 1);

  return item;
};
