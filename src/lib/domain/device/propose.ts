import { isIPv4 } from "../grammar";
import { cidrHas, ipv4ToNumber, networkOf, numberToIPv4, prefixSize } from "../network";
import type { Capabilities, DeviceInterface } from "./capabilities";

// The setup wizard's first guess, from what inspection found: which interfaces are WAN links (a default route, a
// DHCP or PPPoE client, a public address) with their gateways, which are LAN (private addresses without a default
// route) with the networks behind them, and which are left alone (the one the dashboard reaches the device through,
// interfaces without an address). Every guess says why, in the admin's words, so a wrong one is easy to spot; the
// admin edits the result. Probe targets are suggested per link: two well-known anycast resolvers of different
// operators, a different pair for each link, so one resolver's outage never takes both links down; never the
// gateway (which proves only the first hop).

export type ProposedLink = {
  /** wan1, wan2…: link names in the intent's grammar. */
  name: string;
  interface: string;
  /** Null when nothing on the device says (a DHCP client without a lease): the admin enters it. */
  gateway: string | null;
  addressing: DeviceInterface["addressing"];
  up: boolean;
  probeTargets: [string, string];
  why: string;
};

export type ProposedLan = { interface: string; sources: string[]; why: string };

export type SetupProposal = {
  links: ProposedLink[];
  lan: ProposedLan[];
  /** Interfaces neither WAN nor LAN, with the reason. */
  ignored: { interface: string; why: string }[];
};

/** Anycast resolvers, paired across operators (Cloudflare, Quad9, Google, Cisco OpenDNS); link i takes pair i mod 4. */
export const PROBE_TARGET_PAIRS: readonly [string, string][] = [
  ["1.1.1.1", "9.9.9.9"],
  ["8.8.8.8", "208.67.222.222"],
  ["1.0.0.1", "149.112.112.112"],
  ["8.8.4.4", "208.67.220.220"],
];

const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
const NOT_A_NETWORK = ["127.0.0.0/8", "169.254.0.0/16"];

const ipOf = (address: string) => address.split("/")[0]!;
const isPrivate = (address: string) => PRIVATE.some((cidr) => cidrHas(cidr, ipOf(address)));
const usable = (i: DeviceInterface) => i.addresses.filter((a) => !NOT_A_NETWORK.some((cidr) => cidrHas(cidr, ipOf(a))));

const HOW: Record<DeviceInterface["addressing"], string> = {
  dhcp: "DHCP client",
  pppoe: "PPPoE client",
  static: "static address",
  none: "no address",
};

type Role = { role: "wan"; gateway: string | null; why: string } | { role: "lan"; why: string } | { role: "ignored"; why: string };

export function proposeSetup(capabilities: Capabilities, options: { managementHost?: string } = {}): SetupProposal {
  const proposal: SetupProposal = { links: [], lan: [], ignored: [] };
  for (const found of capabilities.interfaces) {
    const addresses = usable(found);
    if (found.name === "lo" || (found.addresses.length > 0 && addresses.length === 0 && found.addressing !== "pppoe")) continue;
    const role = roleOf(found, addresses, capabilities, options.managementHost);
    const carrier = found.up ? "" : " (no carrier now)";
    if (role.role === "wan") {
      const index = proposal.links.length;
      proposal.links.push({
        name: `wan${index + 1}`,
        interface: found.name,
        gateway: role.gateway,
        addressing: found.addressing,
        up: found.up,
        probeTargets: PROBE_TARGET_PAIRS[index % PROBE_TARGET_PAIRS.length]!,
        why: `${role.why}${carrier}`,
      });
    } else if (role.role === "lan") {
      proposal.lan.push({ interface: found.name, sources: lanSources(found, addresses, capabilities), why: `${role.why}${carrier}` });
    } else {
      proposal.ignored.push({ interface: found.name, why: role.why });
    }
  }
  return proposal;
}

function roleOf(found: DeviceInterface, addresses: string[], capabilities: Capabilities, managementHost: string | undefined): Role {
  const shown = addresses.join(", ");
  if (managementHost && isIPv4(managementHost) && addresses.some((a) => cidrHas(a, managementHost))) {
    return { role: "ignored", why: `${found.name}: ${shown}, the dashboard reaches the device through it → left alone` };
  }
  const route = capabilities.routes.find(
    (r) =>
      r.destination === "0.0.0.0/0" &&
      r.table === "main" &&
      (r.interface === found.name || (r.gateway !== null && addresses.some((a) => cidrHas(a, r.gateway!)))),
  );
  if (route) {
    const gateway = route.gateway ?? found.learnedGateway ?? null;
    return { role: "wan", gateway, why: `${found.name}: default route via ${gateway ?? found.name}, ${HOW[found.addressing]}` };
  }
  if (found.addressing === "dhcp" || found.addressing === "pppoe") {
    const gateway = found.learnedGateway ?? null;
    const learned = gateway ? `, gateway ${gateway}` : ", no gateway learned yet: enter it";
    return { role: "wan", gateway, why: `${found.name}: ${HOW[found.addressing]}${learned}` };
  }
  if (addresses.length === 0) return { role: "ignored", why: `${found.name}: no IPv4 address → not used` };
  const wan = addresses.find((a) => !isPrivate(a));
  if (wan) {
    const guess = guessGateway(wan);
    return {
      role: "wan",
      gateway: guess.gateway,
      why: `${found.name}: public address ${wan}, no default route → WAN; gateway ${guess.gateway} is a guess (${guess.how}): check it`,
    };
  }
  return { role: "lan", why: `${found.name}: ${shown}, no default route → LAN` };
}

/** The other end of a /30 or /31, else the network's first address (or its last, when the first is ours). */
function guessGateway(address: string): { gateway: string; how: string } {
  const [ip, bits] = address.split("/");
  const own = ipv4ToNumber(ip!);
  const start = ipv4ToNumber(ipOf(networkOf(address)));
  const size = prefixSize(address);
  if (Number(bits) === 31) return { gateway: numberToIPv4(own === start ? start + 1 : start), how: "the other end of the /31" };
  if (Number(bits) === 30) return { gateway: numberToIPv4(own === start + 1 ? start + 2 : start + 1), how: "the other end of the /30" };
  const first = start + 1;
  return first === own
    ? { gateway: numberToIPv4(start + size - 2), how: "the network's last address" }
    : { gateway: numberToIPv4(first), how: "the network's first address" };
}

/** The interface's own networks, and networks the main table routes through a router on them. */
function lanSources(found: DeviceInterface, addresses: string[], capabilities: Capabilities): string[] {
  const connected = addresses.map(networkOf);
  const routed = capabilities.routes
    .filter((r) => r.table === "main" && r.destination !== "0.0.0.0/0" && isPrivate(r.destination))
    .filter((r) => r.interface === found.name || (r.gateway !== null && addresses.some((a) => cidrHas(a, r.gateway!))))
    .map((r) => networkOf(r.destination))
    .filter((cidr) => !connected.includes(cidr));
  return [...new Set([...connected, ...routed])];
}
