// /ip/address (reference §2.7). Real row (librouteros listen capture): =.id=*A =address=1.1.1.1/32
// =network=1.1.1.1 =interface=br-lan =actual-interface=br-lan =invalid=false =dynamic=false =disabled=false.

import { invalidValue, networkOf, parseCidr } from "../commands/values";
import type { MenuSpec } from "./spec";

export const ipAddressSpec: MenuSpec = {
  path: "ip/address",
  properties: {
    address: {
      kind: "string",
      required: true,
      parse: (value, { name }) => {
        const cidr = parseCidr(value);
        if (!cidr) throw invalidValue(name);
        return `${cidr.address}/${cidr.length}`;
      },
    },
    network: { kind: "ip" },
    interface: { kind: "ref", ref: { menu: "interface" }, required: true },
  },
  unique: [{ props: ["address"], message: "failure: already have such address" }],
  derive: (_context, item) => {
    const cidr = parseCidr(item.props.address ?? "");
    return {
      network: item.props.network ?? (cidr ? networkOf(cidr.address, cidr.length) : ""),
      "actual-interface": item.props.interface ?? "",
    };
  },
  flags: (_context, item) => ({ invalid: "false", dynamic: String(item.dynamic), disabled: item.props.disabled ?? "false" }),
};
