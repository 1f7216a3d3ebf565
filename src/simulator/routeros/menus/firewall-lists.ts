// /ip/firewall/address-list and /ip/firewall/connection (connection tracking entries the dataplane keeps as items
// of the "ip/firewall/connection" table; the API can only print and remove them).

import { invalidValue, parseCidr } from "../commands/values";
import type { MenuSpec } from "./spec";

// A single address prints without /32; ranges and DNS names are kept as written.
const parseListAddress = (value: string, name: string): string => {
  if (value.length === 0) throw invalidValue(name);
  const cidr = parseCidr(value);
  if (!cidr) return value;
  return cidr.length === 32 ? cidr.address : `${cidr.address}/${cidr.length}`;
};

export const addressListSpec: MenuSpec = {
  path: "ip/firewall/address-list",
  properties: {
    list: { kind: "string", required: true },
    address: { kind: "string", required: true, parse: (value, { name }) => parseListAddress(value, name) },
    timeout: { kind: "duration" },
  },
  // Seen in client code handling RouterOS replies; [UNVERIFIED] against a router.
  unique: [{ props: ["list", "address"], message: "failure: already have such entry" }],
  // Entries with a timeout are dynamic on v7 (they vanish with a reboot).
  flags: (_context, item) => ({
    dynamic: String(item.dynamic || item.props.timeout !== undefined),
    disabled: item.props.disabled ?? "false",
  }),
};

export const connectionSpec: MenuSpec = {
  path: "ip/firewall/connection",
  properties: {},
  noDisable: true,
  flags: () => ({}),
  // Conntrack entries are the router's own, yet the API removes them (flushing a dead link's connections).
  dynamicWritable: true,
};
