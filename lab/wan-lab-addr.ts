// Address plan of the WAN lab. Everything here exists only inside the lab's namespaces: the root namespace
// gets nothing but the 10.213.<block>.0/30 management route (see lab.ts), so documentation ranges and the
// 100.64.0.0/10 ISP backbone links can never leak to or from the host.

export type IspName = "isp1" | "isp2" | "isp3";

export type IspPlan = {
  name: IspName;
  /** The gateway's interface towards this ISP. */
  wanIf: "wan1" | "wan2" | "wan3";
  /** The customer /30 between the gateway and the ISP. */
  subnet: string;
  /** The ISP router's address on the customer /30: the gateway's next hop. */
  ispAddress: string;
  /** The gateway's address on the customer /30; what the internet sees after masquerade. */
  wanAddress: string;
  /** ISP <-> internet backbone /30 (RFC 6598 shared space, only inside the lab). */
  backboneIsp: string;
  backboneInternet: string;
};

export const ISP_PLANS: readonly IspPlan[] = [
  {
    name: "isp1",
    wanIf: "wan1",
    subnet: "198.51.100.0/30",
    ispAddress: "198.51.100.1",
    wanAddress: "198.51.100.2",
    backboneIsp: "100.64.1.1",
    backboneInternet: "100.64.1.2",
  },
  {
    name: "isp2",
    wanIf: "wan2",
    subnet: "203.0.113.0/30",
    ispAddress: "203.0.113.1",
    wanAddress: "203.0.113.2",
    backboneIsp: "100.64.2.1",
    backboneInternet: "100.64.2.2",
  },
  {
    name: "isp3",
    wanIf: "wan3",
    subnet: "198.51.100.8/30",
    ispAddress: "198.51.100.9",
    wanAddress: "198.51.100.10",
    backboneIsp: "100.64.3.1",
    backboneInternet: "100.64.3.2",
  },
];

/** Addresses of the simulated internet host (on its loopback): probe targets and traffic servers. */
export const INTERNET_HOSTS = ["192.0.2.10", "192.0.2.11"] as const;
/** Ports the traffic server listens on, on every internet host address. */
export const TRAFFIC_PORTS = [8080, 8081] as const;

export const LAN_SUBNET = "192.168.10.0/24";
export const LAN_GATEWAY = "192.168.10.1";
export const lanClientAddress = (index: number): string => `192.168.10.${10 + index}`;

/**
 * Prefixes the lab uses inside its namespaces. The lab never adds a root-namespace route for any of them
 * (the tests compare the root routing tables before and after); note the host itself may sit on one of
 * these documentation ranges, which is harmless because namespaces have separate routing tables.
 */
export const LAB_PREFIXES = ["198.51.100.", "203.0.113.", "192.0.2.", "100.64.", "192.168.10."] as const;

/** Which ISP a connection went through, from the source address the internet server saw; null if none. */
export function whichLink(seenAs: string | null | undefined): IspName | null {
  return ISP_PLANS.find((plan) => plan.wanAddress === seenAs)?.name ?? null;
}
