import type { IntentInput } from "./intent";

/** The classic dual-WAN: two ISPs balanced 3:1 per connection, probed beyond each ISP. */
export const DUAL_WAN_EXAMPLE: IntentInput = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe: { targets: ["192.0.2.10", "192.0.2.11"] } },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: ["192.0.2.10", "192.0.2.11"] } },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
};

/** The dual-WAN example with a weighted web pool behind isp-a, a DNS pool, and e-mail alerts. */
export const SERVER_POOL_EXAMPLE: IntentInput = {
  ...DUAL_WAN_EXAMPLE,
  inbound: {
    pools: [
      {
        name: "web",
        listen: { interface: "wan1", address: "198.51.100.10", protocol: "tcp", port: 443 },
        backends: [
          { name: "app1", address: "192.168.10.21", weight: 2 },
          { name: "app2", address: "192.168.10.22", port: 8443, weight: 1 },
          { name: "app3", address: "192.168.10.23", state: "drain" },
        ],
        sticky: "source",
        probe: { type: "tcp", intervalMs: 1000, timeoutMs: 500 },
      },
      {
        name: "dns",
        listen: { interface: "wan2", protocol: "udp", port: 53 },
        backends: [
          { name: "ns1", address: "192.168.10.53" },
          { name: "ns2", address: "192.168.10.54", state: "disabled" },
        ],
      },
    ],
  },
  alerts: { email: { to: ["noc@example.com", "oncall+wan@example.net"] } },
};
