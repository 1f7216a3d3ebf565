// Interfaces of every kind live in one config table, "interface", as on the router (/interface print lists
// bridges, VLANs and tunnels next to the ports), each with its `type`; the per-kind menus are views of it.
// Type names as /interface print shows them: ether, bridge, vlan, pppoe-out, l2tp-out, wlan, … (RouterOS manual,
// Interface page); the ones marked [UNVERIFIED] follow the same naming but were not seen in a real print.

export const INTERFACE_TABLE = "interface";

const TYPE_BY_MENU: Readonly<Record<string, string>> = {
  "interface/ethernet": "ether",
  "interface/bridge": "bridge",
  "interface/vlan": "vlan",
  "interface/bonding": "bond",
  "interface/pppoe-client": "pppoe-out",
  "interface/pppoe-server": "pppoe-in",
  "interface/l2tp-client": "l2tp-out",
  "interface/l2tp-server": "l2tp-in",
  "interface/pptp-client": "pptp-out",
  "interface/pptp-server": "pptp-in",
  "interface/sstp-client": "sstp-out",
  "interface/sstp-server": "sstp-in",
  "interface/ovpn-client": "ovpn-out",
  "interface/ovpn-server": "ovpn-in",
  "interface/wireless": "wlan",
  "interface/wifi": "wifi", // [UNVERIFIED]
  "interface/gre": "gre-tunnel",
  "interface/eoip": "eoip-tunnel",
  "interface/ipip": "ipip-tunnel",
  "interface/6to4": "6to4-tunnel", // [UNVERIFIED]
  "interface/vxlan": "vxlan", // [UNVERIFIED]
  "interface/wireguard": "wg",
  "interface/veth": "veth", // [UNVERIFIED]
  "interface/vrrp": "vrrp",
  "interface/macvlan": "macvlan", // [UNVERIFIED]
  "interface/lte": "lte",
};

const MENU_BY_TYPE: ReadonlyMap<string, string> = new Map(Object.entries(TYPE_BY_MENU).map(([menu, type]) => [type, menu]));

/** "interface/bridge" → "bridge"; undefined for menus that are not a kind of interface (interface/list). */
export const interfaceTypeOf = (menu: string): string | undefined => TYPE_BY_MENU[menu];

/** The menu an interface of `type` is configured in, for export ("ether" → "interface/ethernet"). */
export const interfaceMenuOf = (type: string | undefined): string | undefined => (type === undefined ? undefined : MENU_BY_TYPE.get(type));
