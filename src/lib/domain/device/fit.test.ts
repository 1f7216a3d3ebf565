import { describe, expect, it } from "vitest";
import { ZIntent, type IntentInput } from "../intent";
import { DUAL_WAN_EXAMPLE } from "../intent/examples";
import type { Capabilities } from "./capabilities";
import { intentProblemsOnDevice } from "./fit";

// A gateway shaped like the lab's (wan1, wan2, lan0), as inspection reports it.
const GATEWAY: Capabilities = {
  softwareVersion: "Debian GNU/Linux 12 (bookworm), kernel 6.1.0",
  firewall: "nftables",
  probeTypes: ["icmp", "tcp"],
  minProbeIntervalMs: 100,
  interfaces: [
    { name: "lo", up: true, addresses: ["127.0.0.1/8"], addressing: "static" },
    { name: "wan1", up: true, addresses: ["198.51.100.2/30"], addressing: "static" },
    { name: "wan2", up: true, addresses: ["203.0.113.2/30"], addressing: "dhcp" },
    { name: "lan0", up: true, addresses: ["192.168.10.1/24"], addressing: "static" },
    { name: "ppp0", up: true, addresses: ["100.64.7.2/32"], addressing: "pppoe" },
  ],
  siteRoles: [],
  routes: [
    { destination: "0.0.0.0/0", gateway: "198.51.100.1", interface: "wan1", table: "main" },
    { destination: "192.168.10.0/24", gateway: null, interface: "lan0", table: "main" },
    { destination: "100.64.0.1/32", gateway: null, interface: "ppp0", table: "main" },
    { destination: "10.20.0.0/16", gateway: "192.168.10.254", interface: "lan0", table: "main" },
  ],
};

const problems = (change: (i: IntentInput) => void = () => {}) => {
  const input = structuredClone(DUAL_WAN_EXAMPLE);
  change(input);
  return intentProblemsOnDevice(ZIntent.parse(input), GATEWAY);
};

describe("[domain] does an intent fit the device inspection found?", () => {
  it("finds nothing wrong with the dual-WAN example on a gateway that has its interfaces and networks", () => {
    expect(problems()).toEqual([]);
  });

  it("names a LAN interface the device does not have, with the ones it has (issue 8, defect 9: lan1 for lan0)", () => {
    expect(problems((i) => (i.outbound.lanInterfaces = ["lan1"]))).toEqual([
      "LAN interface lan1 does not exist on the device (the device has wan1, wan2, lan0, ppp0)",
    ]);
  });

  it("names a link's missing interface, and a gateway that is not on-link or is the interface's own address", () => {
    expect(problems((i) => (i.links[1]!.interface = "wan3"))).toEqual([expect.stringMatching(/^interface wan3 of link isp-b does not exist on the device/)]);
    expect(problems((i) => (i.links[0]!.gateway = "198.51.100.9"))).toEqual([
      "gateway 198.51.100.9 of link isp-a is not on-link on wan1 (wan1 has 198.51.100.2/30)",
    ]);
    expect(problems((i) => (i.links[0]!.gateway = "198.51.100.2"))).toEqual([
      "gateway 198.51.100.2 of link isp-a is wan1's own address, not the next router's",
    ]);
  });

  it("accepts a point-to-point peer (the kernel's link-scope route to it) as on-link", () => {
    expect(
      problems((i) => {
        i.links[1]!.interface = "ppp0";
        i.links[1]!.gateway = "100.64.0.1";
      }),
    ).toEqual([]);
    expect(
      problems((i) => {
        i.links[1]!.interface = "ppp0";
        i.links[1]!.gateway = "100.64.0.2";
      }),
    ).toEqual([expect.stringMatching(/gateway 100.64.0.2 of link isp-b is not on-link on ppp0/)]);
  });

  it("accepts LAN sources on a LAN interface's network or routed through it, and names one that is neither", () => {
    expect(problems((i) => (i.outbound.lanSources = ["192.168.10.0/25", "10.20.30.0/24", "192.168.0.0/16"]))).toEqual([]);
    expect(problems((i) => (i.outbound.lanSources = ["192.168.10.0/24", "192.168.20.0/24"]))).toEqual([
      "LAN source 192.168.20.0/24 is neither on-link on nor routed through lan0 (lan0 has 192.168.10.1/24)",
    ]);
    // A source reached through a WAN is not the LAN's.
    expect(problems((i) => (i.outbound.lanSources = ["203.0.113.0/30"]))).toHaveLength(1);
  });

  it("names a server pool's missing listen interface", () => {
    const input = structuredClone(DUAL_WAN_EXAMPLE);
    input.inbound = {
      pools: [{ name: "web", listen: { interface: "wan7", protocol: "tcp", port: 443 }, backends: [{ name: "app1", address: "192.168.10.21" }] }],
    };
    expect(intentProblemsOnDevice(ZIntent.parse(input), GATEWAY)).toEqual([expect.stringMatching(/^interface wan7 of pool web does not exist/)]);
  });
});

describe("intentProblemsOnDevice, as a RouterOS inspection reports a device", () => {
  const routerOs: Capabilities = {
    softwareVersion: "7.16.2 (stable)",
    firewall: "routeros",
    siteRoles: [],
    probeTypes: ["icmp", "tcp"],
    minProbeIntervalMs: 1_000,
    interfaces: [
      { name: "ether1", up: true, addresses: ["198.51.100.2/24"], addressing: "static" },
      { name: "pppoe-out1", up: true, addresses: ["100.64.7.2/32"], addressing: "pppoe" },
      { name: "bridge", up: true, addresses: ["192.168.88.1/24"], addressing: "static" },
      { name: "ether5", up: true, addresses: [], addressing: "none" },
    ],
    // Static routes only, by gateway (RouterOS names no interface).
    routes: [{ destination: "10.50.0.0/16", gateway: "192.168.88.254", interface: null, table: "main" }],
  };
  const base = {
    links: [
      { name: "isp-a", interface: "ether1", gateway: "198.51.100.1" },
      { name: "isp-b", interface: "pppoe-out1", gateway: "100.64.0.1" },
    ],
    outbound: { lanInterfaces: ["bridge"], lanSources: ["192.168.88.0/24", "10.50.0.0/16"] },
  };

  it("accepts a PPPoE peer it cannot see and a LAN subnet routed by a gateway on the LAN", () => {
    expect(intentProblemsOnDevice(base, routerOs)).toEqual([]);
  });

  it("refuses a LAN interface without an address: its clients have no gateway on the device", () => {
    expect(intentProblemsOnDevice({ ...base, outbound: { lanInterfaces: ["ether5"], lanSources: ["192.168.88.0/24"] } }, routerOs)).toEqual([
      "LAN interface ether5 has no IPv4 address: its clients have no gateway on the device",
      expect.stringContaining("LAN source 192.168.88.0/24 is neither on-link on nor routed through ether5"),
    ]);
  });
});
