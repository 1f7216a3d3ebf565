import { ZIntent, type Intent, type IntentInput } from "../../intent";
import { DUAL_WAN_EXAMPLE } from "../../intent/examples";

// Intents the Linux compiler is tested with: the dual-WAN example and variants covering tiers, sticky methods,
// pinned traffic and every last resort. Interfaces are wan1–wan3 and lan0, as in the lab namespace.

function variant(change: (input: IntentInput) => void): Intent {
  const input = structuredClone(DUAL_WAN_EXAMPLE);
  change(input);
  return ZIntent.parse(input);
}

export const VARIANTS = {
  dual: variant(() => {}),
  threeLinksTwoTiers: variant((i) => {
    i.links.push({
      name: "lte",
      interface: "wan3",
      gateway: "100.64.0.1",
      tier: 2,
      onFailback: "flush",
      probe: { type: "tcp", port: 443, targets: ["192.0.2.10"] },
    });
  }),
  stickySource: variant((i) => {
    i.outbound.method = "sticky-source";
  }),
  stickySourceDestination: variant((i) => {
    i.outbound.method = "sticky-source-destination";
  }),
  pinned: variant((i) => {
    i.outbound.pinned = [
      { destination: "10.0.0.0/8", link: "isp-b", comment: "office VPN" },
      { source: "192.168.10.50", link: "isp-a" },
      { source: "192.168.10.64/26", destination: "198.18.0.0/15", link: "isp-b", comment: "lab (bench) traffic" },
    ];
  }),
  unreachable: variant((i) => {
    i.outbound.lastResort = "unreachable";
  }),
  blackhole: variant((i) => {
    i.outbound.lastResort = "blackhole";
    i.outbound.lanInterfaces = ["lan0", "lan1"];
    i.outbound.lanSources = ["192.168.10.0/24", "192.168.0.0/16", "10.20.30.40"];
  }),
} satisfies Record<string, Intent>;

export type VariantName = keyof typeof VARIANTS;
