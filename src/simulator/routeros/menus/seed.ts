// What a router has before anyone configures it: its ethernet ports, the built-in interface lists and, on v7,
// the dynamic `main` routing table ("0 D name="main" fib", Policy Routing page).

import type { ConfigItem } from "../config";
import { tableFor } from "../commands/items";
import { isV7, type SimulatedDevice } from "../device";
import { availableFor } from "./spec";
import { itemSpecs } from "./index";
import { addInterface, type InterfaceSeed } from "./interface";
import { BUILTIN_LISTS, interfaceListSpec } from "./interface-list";
import { routingTableSpec } from "./routing";

export type SeedOptions = {
  /** Interfaces at boot: names (ethernet ports) or full seeds; default ether1..ether5. */
  interfaces?: readonly (string | InterfaceSeed)[];
};

export const DEFAULT_INTERFACES = ["ether1", "ether2", "ether3", "ether4", "ether5"];

const seedBuiltinLists = (device: SimulatedDevice): void => {
  const table = tableFor(device, interfaceListSpec);
  for (const name of BUILTIN_LISTS) {
    const item: ConfigItem = table.add({ name });
    item.runtime.builtin = "true";
  }
};

export const seedDefaultConfig = (device: SimulatedDevice, options: SeedOptions = {}): void => {
  // Create every table first with its own first id, whoever touches it later (v7 routes start at *80000001).
  for (const spec of itemSpecs) if (availableFor(spec)(device.version)) tableFor(device, spec);
  for (const entry of options.interfaces ?? DEFAULT_INTERFACES) {
    addInterface(device, typeof entry === "string" ? { name: entry } : entry);
  }
  seedBuiltinLists(device);
  if (isV7(device)) tableFor(device, routingTableSpec).add({ name: "main", fib: "" }, { dynamic: true });
};
