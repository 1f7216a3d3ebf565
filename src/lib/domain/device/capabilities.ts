import { z } from "zod";

// What a device told Waymark about itself at inspection: the facts a plan is compiled for and checked against.
// Every adapter fills the same shape, so services and the domain never ask which kind of device this is.

export const ZDeviceInterface = z.object({
  name: z.string(),
  /** Enabled with a carrier (Linux: IFF_UP and LOWER_UP; RouterOS: not disabled and running). */
  up: z.boolean(),
  /** IPv4 addresses with their prefix, as configured: "192.0.2.10/24". Dynamic (DHCP, PPPoE) ones included. */
  addresses: z.array(z.string()),
  /** How the interface got its address, where the device says: "dhcp", "pppoe", "static". */
  addressing: z.enum(["dhcp", "pppoe", "static", "none"]).default("static"),
  /**
   * The next router the device learned for this interface: its DHCP client's gateway (RouterOS /ip/dhcp-client),
   * or the peer of a point-to-point address (a PPPoE session). Absent when the device did not say.
   */
  learnedGateway: z.string().optional(),
});
export type DeviceInterface = z.infer<typeof ZDeviceInterface>;

export const ZDeviceRoute = z.object({
  /** "0.0.0.0/0" for a default route. */
  destination: z.string(),
  gateway: z.string().nullable(),
  interface: z.string().nullable(),
  /** The routing table, "main" unless the device keeps others. */
  table: z.string().default("main"),
});
export type DeviceRoute = z.infer<typeof ZDeviceRoute>;

/**
 * Whether the device can take a site role (domain/site): what the role's daemons need is installed. The site
 * compilers turn an unavailable role into an "error" warning on that member, in these words.
 */
export const ZSiteRoleSupport = z.object({
  role: z.enum(["vip-node", "anycast-server", "anycast-edge"]),
  available: z.boolean(),
  /** Why not, in the admin's words: "bird2 is not installed (apt install bird2)"; null when available. */
  why: z.string().nullable(),
  /** What runs the role, where the device says: "BIRD 2.0.12", "nftables v1.0.6". */
  software: z.string().nullable(),
});
export type SiteRoleSupport = z.infer<typeof ZSiteRoleSupport>;

export const ZCapabilities = z.object({
  /** "7.16.2 (stable)", "Debian GNU/Linux 12 (bookworm), kernel 6.1.0". */
  softwareVersion: z.string(),
  firewall: z.enum(["nftables", "iptables", "routeros"]),
  probeTypes: z.array(z.enum(["icmp", "tcp"])),
  /** The shortest probe interval the device accepts (RouterOS netwatch: 1 s; the Linux monitor: 100 ms). */
  minProbeIntervalMs: z.number().int().positive(),
  interfaces: z.array(ZDeviceInterface),
  routes: z.array(ZDeviceRoute),
  /** Site roles the device can take; empty when its adapter does not say (RouterOS, capabilities stored before). */
  siteRoles: z.array(ZSiteRoleSupport).default([]),
});
export type Capabilities = z.infer<typeof ZCapabilities>;
