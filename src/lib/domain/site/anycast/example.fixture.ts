import type { Capabilities } from "../../device/capabilities";
import type { SiteDevice } from "../compile";
import { ZSiteIntent, type AnycastSite } from "../intent";

// Three servers (web-3 standby) behind edge-1, as the anycast lab wires them; the compiler's and the tests' example.
export const ANYCAST_EXAMPLE = ZSiteIntent.parse({
  kind: "anycast",
  address: "192.0.2.53",
  check: { type: "tcp", port: 8053, intervalMs: 200, timeoutMs: 150, downCount: 2, upCount: 2 },
  members: [
    { device: "d-edge", role: "anycast-edge", asn: 65000 },
    { device: "d-web1", role: "anycast-server", interface: "eth0", address: "10.2.1.2", edgeAddress: "10.2.1.1", asn: 65001 },
    { device: "d-web2", role: "anycast-server", interface: "eth0", address: "10.2.2.2", edgeAddress: "10.2.2.1", asn: 65002 },
    { device: "d-web3", role: "anycast-server", interface: "eth0", address: "10.2.3.2", edgeAddress: "10.2.3.1", asn: 65003, preference: "standby" },
  ],
}) as AnycastSite;

const linux = (interfaces: Capabilities["interfaces"]): Capabilities => ({
  softwareVersion: "Debian GNU/Linux 12 (bookworm), kernel 6.1.0",
  firewall: "nftables",
  probeTypes: ["icmp", "tcp"],
  minProbeIntervalMs: 100,
  interfaces,
  routes: [],
  siteRoles: (["vip-node", "anycast-server", "anycast-edge"] as const).map((role) => ({ role, available: true, why: null, software: "BIRD 2.0.12" })),
});

const server = (at: string): Capabilities => linux([{ name: "eth0", up: true, addresses: [`${at}/30`], addressing: "static" }]);

export const ANYCAST_DEVICES: ReadonlyMap<string, SiteDevice> = new Map([
  [
    "d-edge",
    {
      id: "d-edge",
      name: "edge-1",
      capabilities: linux(
        ["10.2.1.1", "10.2.2.1", "10.2.3.1"].map((a, i) => ({ name: `srv${i + 1}`, up: true, addresses: [`${a}/30`], addressing: "static" as const })),
      ),
    },
  ],
  ["d-web1", { id: "d-web1", name: "web-1", capabilities: server("10.2.1.2") }],
  ["d-web2", { id: "d-web2", name: "web-2", capabilities: server("10.2.2.2") }],
  ["d-web3", { id: "d-web3", name: "web-3", capabilities: server("10.2.3.2") }],
]);
