import { describe, expect, it } from "vitest";
import { ZCapabilities, type Capabilities } from "./capabilities";
import { proposeSetup } from "./propose";

const caps = (input: Partial<Capabilities>): Capabilities =>
  ZCapabilities.parse({
    softwareVersion: "7.16.2 (stable)",
    firewall: "routeros",
    probeTypes: ["icmp"],
    minProbeIntervalMs: 1000,
    interfaces: [],
    routes: [],
    ...input,
  });

// A home-office MikroTik: a DHCP fibre uplink with the default route, a PPPoE backup, the defconf bridge, a routed
// office subnet behind it, and an unused port.
const HOME_OFFICE = caps({
  interfaces: [
    { name: "ether1", up: true, addresses: ["198.51.100.7/24"], addressing: "dhcp", learnedGateway: "198.51.100.1" },
    { name: "pppoe-out1", up: true, addresses: ["100.64.7.10/32"], addressing: "pppoe", learnedGateway: "100.64.0.1" },
    { name: "bridge", up: true, addresses: ["192.168.88.1/24"], addressing: "static" },
    { name: "ether5", up: false, addresses: [], addressing: "none" },
  ],
  routes: [
    { destination: "0.0.0.0/0", gateway: "198.51.100.1", interface: null, table: "main" },
    { destination: "10.20.0.0/16", gateway: "192.168.88.254", interface: null, table: "main" },
  ],
});

describe("[domain] proposing a dual-WAN setup from what the device has", () => {
  it("takes default routes, DHCP and PPPoE clients as WAN links with their gateways, and says why", () => {
    const proposal = proposeSetup(HOME_OFFICE);
    expect(proposal.links.map((l) => [l.name, l.interface, l.gateway, l.why])).toEqual([
      ["wan1", "ether1", "198.51.100.1", "ether1: default route via 198.51.100.1, DHCP client"],
      ["wan2", "pppoe-out1", "100.64.0.1", "pppoe-out1: PPPoE client, gateway 100.64.0.1"],
    ]);
    expect(proposal.lan).toEqual([
      { interface: "bridge", sources: ["192.168.88.0/24", "10.20.0.0/16"], why: "bridge: 192.168.88.1/24, no default route → LAN" },
    ]);
    expect(proposal.ignored).toEqual([{ interface: "ether5", why: "ether5: no IPv4 address → not used" }]);
  });

  it("suggests two probe targets per link from different operators, a different pair per link, never the gateway", () => {
    const [wan1, wan2] = proposeSetup(HOME_OFFICE).links;
    expect(wan1!.probeTargets).toEqual(["1.1.1.1", "9.9.9.9"]);
    expect(wan2!.probeTargets).toEqual(["8.8.8.8", "208.67.222.222"]);
    expect(wan1!.probeTargets.filter((t) => wan2!.probeTargets.includes(t))).toEqual([]);
    for (const link of [wan1!, wan2!]) expect(link.probeTargets).not.toContain(link.gateway);
  });

  it("on a lab gateway: a public /30 without a default route is a WAN with the other end as its gateway, the management interface is left alone", () => {
    const lab = caps({
      interfaces: [
        { name: "lo", up: true, addresses: ["127.0.0.1/8"], addressing: "static" },
        { name: "wan1", up: true, addresses: ["198.51.100.2/30"], addressing: "static" },
        { name: "wan2", up: true, addresses: ["203.0.113.2/30"], addressing: "static" },
        { name: "lan0", up: true, addresses: ["192.168.10.1/24"], addressing: "static" },
        { name: "mgmt0", up: true, addresses: ["10.213.1.2/30"], addressing: "static" },
      ],
      routes: [
        { destination: "0.0.0.0/0", gateway: "198.51.100.1", interface: "wan1", table: "main" },
        { destination: "192.168.10.0/24", gateway: null, interface: "lan0", table: "main" },
      ],
    });
    const proposal = proposeSetup(lab, { managementHost: "10.213.1.2" });
    expect(proposal.links.map((l) => [l.interface, l.gateway])).toEqual([
      ["wan1", "198.51.100.1"],
      ["wan2", "203.0.113.1"],
    ]);
    expect(proposal.links[1]!.why).toBe(
      "wan2: public address 203.0.113.2/30, no default route → WAN; gateway 203.0.113.1 is a guess (the other end of the /30): check it",
    );
    expect(proposal.lan.map((l) => [l.interface, l.sources])).toEqual([["lan0", ["192.168.10.0/24"]]]);
    expect(proposal.ignored).toEqual([{ interface: "mgmt0", why: "mgmt0: 10.213.1.2/30, the dashboard reaches the device through it → left alone" }]);
  });

  it("asks for the gateway of a DHCP client without a lease, and notes a link without carrier", () => {
    const proposal = proposeSetup(caps({ interfaces: [{ name: "ether2", up: false, addresses: [], addressing: "dhcp" }] }));
    expect(proposal.links[0]).toMatchObject({ gateway: null, why: "ether2: DHCP client, no gateway learned yet: enter it (no carrier now)" });
  });
});
