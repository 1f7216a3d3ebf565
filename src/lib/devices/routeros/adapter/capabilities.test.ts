import { describe, expect, it } from "vitest";
import { toCapabilities } from "./capabilities";

// Rows as a RouterOS 7 router prints them (see the samples above toCapabilities).
const rows = {
  interfaces: [
    { name: "ether1", running: "true", disabled: "false" },
    { name: "pppoe-out1", running: "true", disabled: "false" },
    { name: "bridge", running: "true", disabled: "false" },
  ],
  addresses: [
    { address: "192.0.2.100/24", network: "192.0.2.0", interface: "ether1", disabled: "false" },
    { address: "100.64.7.10/32", network: "100.64.0.1", interface: "pppoe-out1", disabled: "false" },
    { address: "192.168.88.1/24", network: "192.168.88.0", interface: "bridge", disabled: "false" },
  ],
  routes: [],
  dhcpClients: [{ interface: "ether1", status: "bound", gateway: "192.0.2.1", disabled: "false" }],
  pppoeClients: [{ name: "pppoe-out1", disabled: "false" }],
};

describe("[routeros] capabilities", () => {
  it("learns a DHCP client's gateway once bound and a PPPoE session's peer", () => {
    const { interfaces } = toCapabilities(rows, "7.16.2 (stable)", 7);
    expect(interfaces).toEqual([
      { name: "ether1", up: true, addresses: ["192.0.2.100/24"], addressing: "dhcp", learnedGateway: "192.0.2.1" },
      { name: "pppoe-out1", up: true, addresses: ["100.64.7.10/32"], addressing: "pppoe", learnedGateway: "100.64.0.1" },
      { name: "bridge", up: true, addresses: ["192.168.88.1/24"], addressing: "static" },
    ]);
    const searching = toCapabilities({ ...rows, dhcpClients: [{ interface: "ether1", status: "searching...", disabled: "false" }] }, "7.16.2 (stable)", 7);
    expect(searching.interfaces[0]!.learnedGateway).toBeUndefined();
  });
});
