import "server-only";

// What a router has, for the plan to be compiled for and checked against: interfaces with their addresses, default
// routes, and which of its interfaces take their address from a DHCP or PPPoE client.

import type { Capabilities, DeviceInterface, DeviceRoute } from "@/lib/domain/device/capabilities";

import { RouterOsTrapError, type RouterOsClient } from "../api-client";
import type { RouterOsRow } from "../reply";
import { printItems } from "../push/commands";
import { NO_SUCH } from "../push/protection";
import { parseBoolean } from "../values";

/** A menu the router may not have (a package not installed): none of its rows rather than an error. */
async function optionalRows(client: RouterOsClient, menu: string, proplist: string[]): Promise<RouterOsRow[]> {
  try {
    return await printItems(client, menu, { proplist });
  } catch (error) {
    if (error instanceof RouterOsTrapError && NO_SUCH.has(error.trapMessage)) return [];
    throw error;
  }
}

export type CapabilityRows = {
  interfaces: RouterOsRow[];
  addresses: RouterOsRow[];
  routes: RouterOsRow[];
  dhcpClients: RouterOsRow[];
  pppoeClients: RouterOsRow[];
};

export async function readCapabilityRows(client: RouterOsClient, major: number): Promise<CapabilityRows> {
  const table = major >= 7 ? "routing-table" : "routing-mark";
  const [interfaces, addresses, routes, dhcpClients, pppoeClients] = await Promise.all([
    printItems(client, "/interface", { proplist: ["name", "running", "disabled"] }),
    printItems(client, "/ip/address", { proplist: ["address", "network", "interface", "disabled"] }),
    // Static routes only: what the admin configured (defaults, routed LAN subnets), never a BGP or OSPF table.
    printItems(client, "/ip/route", { proplist: ["dst-address", "gateway", table, "disabled"], query: { dynamic: "false" } }),
    optionalRows(client, "/ip/dhcp-client", ["interface", "status", "gateway", "disabled"]),
    optionalRows(client, "/interface/pppoe-client", ["name", "disabled"]),
  ]);
  return { interfaces, addresses, routes, dhcpClients, pppoeClients };
}

// Rows as RouterOS 7 prints them (API, .proplist as above; interface, ip/address, DHCP client and PPPoE pages of
// the v7 manual). A PPPoE session's address is a /32 whose `network` is the peer (the ISP's end); a DHCP client
// prints the gateway of its lease once `status` is "bound" (searching…, requesting… before that):
//   /interface      !re =name=ether1 =running=true =disabled=false
//   /ip/address     !re =address=198.51.100.2/24 =network=198.51.100.0 =interface=ether1 =disabled=false
//   /ip/address     !re =address=100.64.7.10/32 =network=100.64.0.1 =interface=pppoe-out1 =disabled=false
//   /ip/route       !re =dst-address=0.0.0.0/0 =gateway=198.51.100.1 =routing-table=main =disabled=false
//   /ip/dhcp-client !re =interface=ether1 =status=bound =gateway=192.0.2.1 =disabled=false
// v6 prints routing-mark (absent for the main table) instead of routing-table.
export function toCapabilities(rows: CapabilityRows, version: string, major: number): Capabilities {
  const enabled = (row: RouterOsRow) => !parseBoolean(row.disabled);
  const dhcp = new Set(rows.dhcpClients.filter(enabled).map((r) => r.interface));
  const pppoe = new Set(rows.pppoeClients.filter(enabled).map((r) => r.name));
  const interfaces: DeviceInterface[] = rows.interfaces.flatMap((row) => {
    const name = row.name;
    if (name === undefined) return [];
    const addresses = rows.addresses.filter((a) => a.interface === name && enabled(a) && a.address).map((a) => a.address!);
    const addressing = dhcp.has(name) ? "dhcp" : pppoe.has(name) ? "pppoe" : addresses.length > 0 ? "static" : "none";
    const learnedGateway = addressing === "dhcp" ? leaseGateway(rows.dhcpClients, name) : addressing === "pppoe" ? peerOf(rows.addresses, name) : undefined;
    return [{ name, up: enabled(row) && parseBoolean(row.running), addresses, addressing, ...(learnedGateway ? { learnedGateway } : {}) }];
  });
  const routes: DeviceRoute[] = rows.routes.filter(enabled).map((row) => ({
    destination: row["dst-address"] ?? "0.0.0.0/0",
    gateway: row.gateway ?? null,
    interface: null,
    table: row["routing-table"] ?? row["routing-mark"] ?? "main",
  }));
  return {
    softwareVersion: version,
    firewall: "routeros",
    // v6 netwatch pings only; v7 adds tcp-conn.
    probeTypes: major >= 7 ? ["icmp", "tcp"] : ["icmp"],
    // /tool/netwatch interval: the real routers' minimum (arg-desc.json) is one second.
    minProbeIntervalMs: 1_000,
    interfaces,
    routes,
    // Site members run Linux daemons (BIRD, the heartbeat and health daemons): a router cannot take these roles.
    siteRoles: (["vip-node", "anycast-server", "anycast-edge"] as const).map((role) => ({
      role,
      available: false,
      why: "a RouterOS router cannot run Waymark's site daemons; site members are Linux hosts managed over SSH",
      software: null,
    })),
  };
}

const leaseGateway = (clients: readonly RouterOsRow[], name: string): string | undefined =>
  clients.find((c) => c.interface === name && c.status === "bound" && !parseBoolean(c.disabled))?.gateway;

/** The peer of a point-to-point (/32) address: RouterOS prints it as the address's `network`. */
const peerOf = (addresses: readonly RouterOsRow[], name: string): string | undefined => {
  const row = addresses.find((a) => a.interface === name && a.address?.endsWith("/32") && a.network && `${a.network}/32` !== a.address);
  return row?.network;
};
