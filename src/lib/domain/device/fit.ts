import type { Capabilities, DeviceInterface } from "./capabilities";
import { ipv4ToNumber, prefixSize } from "../network";

// Does an intent fit the device it is meant for? What inspection found is checked against what the intent names:
// every interface must exist, every link's gateway must be reachable on its link's interface without a router in
// between (the per-link default route is `via <gateway> dev <interface>`), and every LAN source must sit on, or be
// routed through, a LAN interface. A plan that fails any of these cannot do what the intent asks: the link's
// routes cannot be installed, or the LAN's traffic never reaches the balancing rules.

/** The parts of an intent that name things on the device; an Intent, or what a compiled plan carries, fits it. */
export type IntentOnDevice = {
  links: readonly { name: string; interface: string; gateway: string }[];
  outbound: { lanInterfaces: readonly string[]; lanSources: readonly string[] };
  inbound?: { pools: readonly { name: string; listen: { interface: string } }[] };
};

/** One sentence per problem, in intent order; none when the intent fits. */
export function intentProblemsOnDevice(intent: IntentOnDevice, capabilities: Capabilities): string[] {
  const byName = new Map(capabilities.interfaces.map((i) => [i.name, i]));
  const absent = (name: string) => !byName.has(name);
  const known = `the device has ${describeNames(capabilities.interfaces)}`;
  const problems: string[] = [];
  for (const link of intent.links) {
    const found = byName.get(link.interface);
    if (!found) problems.push(`interface ${link.interface} of link ${link.name} does not exist on the device (${known})`);
    else if (!peerUnknown(found, capabilities) && !onLink(link.gateway, found, capabilities)) problems.push(gatewayProblem(link, found));
  }
  for (const name of intent.outbound.lanInterfaces) {
    const lan = byName.get(name);
    if (!lan) problems.push(`LAN interface ${name} does not exist on the device (${known})`);
    // Its clients need the device's address there as their gateway; the push's health gate relies on this check.
    else if (lan.addresses.length === 0) problems.push(`LAN interface ${name} has no IPv4 address: its clients have no gateway on the device`);
  }
  for (const pool of intent.inbound?.pools ?? []) {
    if (absent(pool.listen.interface)) problems.push(`interface ${pool.listen.interface} of pool ${pool.name} does not exist on the device (${known})`);
  }
  const lans = intent.outbound.lanInterfaces.flatMap((name) => byName.get(name) ?? []);
  // Only meaningful once some LAN interface exists; a missing one is reported above.
  if (lans.length > 0) {
    for (const source of intent.outbound.lanSources) {
      if (!reachedThrough(source, lans, capabilities)) {
        problems.push(`LAN source ${source} is neither on-link on nor routed through ${lans.map((l) => l.name).join(", ")} (${describeAddresses(lans)})`);
      }
    }
  }
  return problems;
}

/**
 * A PPPoE session's peer is reached without a connected prefix (a /32 address). Linux reports the link-scope route
 * to the peer, which onLink checks; a device that reports no route through the interface (RouterOS lists only
 * static routes) leaves the peer unknown, and the gateway is not judged.
 */
function peerUnknown(found: DeviceInterface, capabilities: Capabilities): boolean {
  return found.addressing === "pppoe" && !capabilities.routes.some((r) => r.interface === found.name);
}

function gatewayProblem(link: IntentOnDevice["links"][number], found: DeviceInterface): string {
  const own = found.addresses.some((a) => a.split("/")[0] === link.gateway);
  if (own) return `gateway ${link.gateway} of link ${link.name} is ${found.name}'s own address, not the next router's`;
  return `gateway ${link.gateway} of link ${link.name} is not on-link on ${found.name} (${describeAddresses([found])})`;
}

/** Within a connected prefix of the interface (not its own address), or covered by a link-scope route through it. */
function onLink(gateway: string, device: DeviceInterface, capabilities: Capabilities): boolean {
  const inPrefix = device.addresses.some((a) => a.split("/")[0] !== gateway && Number(a.split("/")[1]) < 32 && contains(network(a), `${gateway}/32`));
  const routed = capabilities.routes.some(
    (r) => r.table === "main" && r.interface === device.name && r.gateway === null && r.destination !== "0.0.0.0/0" && contains(r.destination, `${gateway}/32`),
  );
  return inPrefix || routed;
}

function reachedThrough(source: string, lans: readonly DeviceInterface[], capabilities: Capabilities): boolean {
  const names = new Set(lans.map((l) => l.name));
  const connected = lans.some((l) => l.addresses.some((a) => overlaps(network(a), source)));
  // A route names its way out by interface (Linux) or by a gateway on a LAN interface's network (RouterOS).
  const throughLan = (r: Capabilities["routes"][number]) =>
    r.interface !== null ? names.has(r.interface) : r.gateway !== null && lans.some((l) => l.addresses.some((a) => contains(network(a), `${r.gateway}/32`)));
  const routed = capabilities.routes.some((r) => r.table === "main" && r.destination !== "0.0.0.0/0" && throughLan(r) && overlaps(r.destination, source));
  return connected || routed;
}

/** "192.168.10.1/24" → "192.168.10.0/24". */
function network(address: string): string {
  const [ip, bits] = address.split("/");
  const size = prefixSize(`0.0.0.0/${bits}`);
  const start = ipv4ToNumber(ip!) - (ipv4ToNumber(ip!) % size);
  return `${[24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256).join(".")}/${bits}`;
}

function range(cidr: string): [number, number] {
  const start = ipv4ToNumber(cidr.split("/")[0]!);
  return [start, start + prefixSize(cidr) - 1];
}

function contains(outer: string, inner: string): boolean {
  const [a, b] = range(outer);
  const [c, d] = range(inner);
  return a <= c && d <= b;
}

function overlaps(x: string, y: string): boolean {
  const [a, b] = range(x);
  const [c, d] = range(y);
  return a <= d && c <= b;
}

function describeNames(interfaces: readonly DeviceInterface[]): string {
  const names = interfaces.map((i) => i.name).filter((n) => n !== "lo");
  if (names.length === 0) return "no interfaces";
  return names.length <= 12 ? names.join(", ") : `${names.slice(0, 12).join(", ")} and ${names.length - 12} more`;
}

function describeAddresses(interfaces: readonly DeviceInterface[]): string {
  return interfaces.map((i) => `${i.name} has ${i.addresses.length === 0 ? "no IPv4 address" : i.addresses.join(", ")}`).join("; ");
}
