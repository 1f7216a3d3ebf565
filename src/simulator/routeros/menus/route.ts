// /ip/route for v7 and v6 (reference §2.3). v7: routing-table must name a /routing/table entry (or main), static
// ids from *80000001, `blackhole` switch, flags as boolean properties. v6: routing-mark (free text), `type`
// unicast/blackhole/prohibit/unreachable, ECMP as one route with comma-separated gateways.
// Real v7 row (aiNOC capture): {".id":"*80000001","active":"true","distance":"1","dst-address":"172.20.20.0/24",
// "dynamic":"false","gateway":"172.31.255.29","immediate-gw":"172.31.255.29%ether1","inactive":"false",
// "routing-table":"main","scope":"30","static":"true","target-scope":"10"}; inactive candidates lack `active`.
// Whether a route is active is the dataplane's call (item.runtime.active / inactive / immediate-gw /
// gateway-status); until it says anything, an enabled route counts as active.

import { invalidValue, isIpv4, networkOf, parseCidr, referenceNames } from "../commands/values";
import type { ConfigItem } from "../config";
import type { SimulatedDevice } from "../device";
import type { MenuContext, MenuSpec, PropertySpec, ValueContext } from "./spec";

const V7_STATIC_ROUTE_FIRST_ID = 0x8000_0001;

// Routes are stored by network: 10.0.0.1/24 becomes 10.0.0.0/24 [UNVERIFIED that the router masks rather than refuses].
const parseDestination = (value: string, { name }: ValueContext): string => {
  const cidr = parseCidr(value);
  if (!cidr) throw invalidValue(name);
  return `${networkOf(cidr.address, cidr.length)}/${cidr.length}`;
};

// gateway: "IP | interface | IP%interface | IP@table[, …]" (terraform-provider-routeros resource_ip_route.go).
const parseGateways = (value: string, context: ValueContext): string => {
  const interfaces = referenceNames(context, { kind: "ref", ref: { menu: "interface" } });
  const valid = (gateway: string): boolean => {
    const [address = "", via] = gateway.split(/[%@]/);
    if (isIpv4(address)) return via === undefined || via.length > 0;
    return via === undefined && interfaces.includes(gateway);
  };
  const gateways = value.split(",").filter((gateway) => gateway.length > 0);
  if (gateways.length === 0 || !gateways.every(valid)) throw invalidValue(context.name);
  return gateways.join(",");
};

const common: Readonly<Record<string, PropertySpec>> = {
  "dst-address": { kind: "string", default: "0.0.0.0/0", parse: parseDestination },
  gateway: { kind: "string", parse: parseGateways },
  distance: { kind: "int", default: "1", range: [1, 255] },
  scope: { kind: "int", default: "30", range: [0, 255] },
  "target-scope": { kind: "int", default: "10", range: [0, 255] },
  "pref-src": { kind: "ip" },
};

// Connected routes ("DAc"): one per enabled /ip/address, derived, never stored. Real v7 row (aiNOC capture):
// {"connect":"true","distance":"0","gateway":"ether4","local-address":"172.16.77.2%ether4","scope":"10",
// "target-scope":"5",...}. Ids live apart from static ones (real dynamic ids look like *201830B0).
const CONNECTED_ID_BASE = 0x2000_0000;

const interfaceUp = (device: SimulatedDevice, name: string): boolean => {
  const item = device.config.table("interface").items.find((candidate) => candidate.props.name === name);
  if (!item) return false;
  return (item.runtime.running ?? String(item.props.disabled !== "true")) === "true";
};

export const connectedRoutes = (device: SimulatedDevice): ConfigItem[] =>
  device.config
    .table("ip/address")
    .items.filter((address) => address.props.disabled !== "true")
    .flatMap((address) => {
      const cidr = parseCidr(address.props.address ?? "");
      const name = address.props.interface ?? "";
      if (!cidr) return [];
      const up = interfaceUp(device, name);
      const props: Record<string, string> = {
        "dst-address": `${networkOf(cidr.address, cidr.length)}/${cidr.length}`,
        gateway: name,
        distance: "0",
        scope: "10",
        "target-scope": "5",
      };
      const runtime: Record<string, string> = {
        connect: "true",
        ...(up ? { active: "true" } : {}),
        inactive: String(!up),
        "local-address": `${cidr.address}%${name}`,
      };
      const id = `*${(CONNECTED_ID_BASE + Number.parseInt(address.id.slice(1), 16)).toString(16).toUpperCase()}`;
      return [{ id, props, dynamic: true, counters: { bytes: 0n, packets: 0n }, runtime }];
    });

const runtimeSaysActivity = (item: ConfigItem) => "active" in item.runtime || "inactive" in item.runtime;

const activity = (item: ConfigItem): Record<string, string> => {
  if (runtimeSaysActivity(item)) return {};
  const disabled = item.props.disabled === "true";
  return disabled ? { inactive: "true" } : { active: "true", inactive: "false" };
};

// [UNVERIFIED] for v6 (reference §8): the same boolean flags as v7, gateway-status from the dataplane.
const routeFlags = (_context: MenuContext, item: ConfigItem) => ({
  ...activity(item),
  dynamic: String(item.dynamic),
  static: String(!item.dynamic),
  disabled: item.props.disabled ?? "false",
});

export const routeV7Spec: MenuSpec = {
  path: "ip/route",
  since: "7.0",
  properties: {
    ...common,
    "routing-table": { kind: "ref", ref: { menu: "routing/table" }, default: "main" },
    "check-gateway": { kind: "enum", values: ["none", "arp", "ping", "bfd", "bfd-multihop"] },
    blackhole: { kind: "switch" },
    "vrf-interface": { kind: "string" },
    "suppress-hw-offload": { kind: "bool", default: "false" },
  },
  firstId: () => V7_STATIC_ROUTE_FIRST_ID,
  derivedItems: connectedRoutes,
  flags: routeFlags,
};

export const routeV6Spec: MenuSpec = {
  path: "ip/route",
  until: "7.0",
  properties: {
    ...common,
    "routing-mark": { kind: "string" },
    "check-gateway": { kind: "enum", values: ["arp", "ping"] },
    type: { kind: "enum", values: ["unicast", "blackhole", "prohibit", "unreachable"] },
  },
  derivedItems: connectedRoutes,
  flags: routeFlags,
};
