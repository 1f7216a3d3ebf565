import type { IntentInput } from "./intent";

/** The classic dual-WAN: two ISPs balanced 3:1 per connection, probed beyond each ISP. */
export const DUAL_WAN_EXAMPLE: IntentInput = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe: { targets: ["192.0.2.10", "192.0.2.11"] } },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: ["192.0.2.10", "192.0.2.11"] } },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
};
