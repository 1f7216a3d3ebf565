import { z } from "zod";

// What pushing a plan would change on a device as it is now, terraform-style: each Waymark object the push adds,
// changes or removes, in the device's own terms ("add /ip/firewall/mangle waymark:pcc:wan1", "change route table
// 20001: default via 203.0.113.1 dev wan2"). Counted by the adapter from its inspection, with the same diff the
// push itself applies; nothing the admin owns appears here because nothing the admin owns is touched.

export const ZDeviceChangeItem = z.strictObject({
  op: z.enum(["add", "change", "remove"]),
  what: z.string(),
});
export type DeviceChangeItem = z.infer<typeof ZDeviceChangeItem>;

export const ZDeviceChanges = z.strictObject({
  add: z.number().int().nonnegative(),
  change: z.number().int().nonnegative(),
  remove: z.number().int().nonnegative(),
  items: z.array(ZDeviceChangeItem),
});
export type DeviceChanges = z.infer<typeof ZDeviceChanges>;

/** The counts from the items, so the summary line and the list can never disagree. */
export function toDeviceChanges(items: readonly DeviceChangeItem[]): DeviceChanges {
  const count = (op: DeviceChangeItem["op"]) => items.filter((i) => i.op === op).length;
  return { add: count("add"), change: count("change"), remove: count("remove"), items: [...items] };
}

/** "24 to add, 0 to change, 0 to remove"; "changes unknown" when the device was not asked. */
export function changesSummary(changes: DeviceChanges | null): string {
  if (changes === null) return "changes unknown: the device was not asked";
  return `${changes.add} to add, ${changes.change} to change, ${changes.remove} to remove`;
}
