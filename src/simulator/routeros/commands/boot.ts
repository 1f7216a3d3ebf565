// Building a router's configuration from outside a session (booting from an /export file, test fixtures): the same
// verbs, checks and normalization as the API, so an item added at boot prints exactly like one added over the wire.

import type { SimulatedDevice } from "../device";
import { executeCommand } from "../execute";
import { itemSpecFor } from "../menus";
import { compileQuery } from "../query/stack";
import { describeItem, visibleItems } from "./items";

/**
 * Runs `/<menuPath>/<verb>` with `props` as its `=name=value` words ("ip/firewall/mangle", "add",
 * { chain: "prerouting", … }). Values as the API takes them: yes/no or true/false, "" for a switch such as `fib`.
 * Returns `ret` (the new `.id` after add). Throws TrapReply with the router's message.
 */
export const applyBootCommand = async (
  device: SimulatedDevice,
  menuPath: string,
  verb: string,
  props: Readonly<Record<string, string>>,
): Promise<string | undefined> => {
  const { ret } = await executeCommand(device, device.registry, `/${menuPath}/${verb}`, new Map(Object.entries(props)));
  return ret;
};

/** `.id`s of the menu's items whose printed properties equal `where` (the export's `[ find default-name=ether1 ]`). */
export const findItemIds = (device: SimulatedDevice, menuPath: string, where: Readonly<Record<string, string>>): string[] => {
  const spec = itemSpecFor(device.version, menuPath);
  if (!spec) return [];
  const matches = compileQuery(Object.entries(where).map(([name, value]) => `?${name}=${value}`));

  return visibleItems(device, spec)
    .filter((item) => matches(describeItem({ device, spec }, item)))
    .map((item) => item.id);
};
