// Firewall rule matchers (mangle, nat, filter), compiled once per configuration revision into predicates.
// Values are as print shows them; a leading "!" negates the matcher (dst-address-type=!local, in-interface=!ether1).
// A rule using a matcher the simulator does not model (layer7-protocol, time, nth, ...) never matches: better an
// idle rule than a rule that matches traffic the real router would not.

import { PROTOCOL_NUMBERS, type Packet } from "../packet";
import { parseAddressRange, type AddressRange } from "../ip";
import type { Topology } from "../topology";
import { classify, parseClassifier } from "./pcc";

export type Matcher = (packet: Packet) => boolean;

type MatcherFactory = (value: string, topology: Topology) => Matcher | null;

const NEVER: Matcher = () => false;

const commaList = (value: string): string[] =>
  value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

const matchRange = (range: AddressRange | null, pick: (p: Packet) => number): Matcher | null =>
  range === null ? null : (p) => pick(p) >= range.from && pick(p) <= range.to;

const parsePorts = (value: string): [number, number][] | null => {
  const ranges = commaList(value).map((part) => {
    const [from, to = from] = part.split("-").map(Number);
    return [from, to] as [number, number];
  });

  return ranges.every(([from, to]) => Number.isInteger(from) && Number.isInteger(to) && from <= to) ? ranges : null;
};

const matchPorts = (value: string, pick: (p: Packet) => (number | undefined)[]): Matcher | null => {
  const ranges = parsePorts(value);

  return ranges === null ? null : (p) => pick(p).some((port) => port !== undefined && ranges.some(([from, to]) => port >= from && port <= to));
};

const isBroadcast = (ip: number, topology: Topology) =>
  ip === 0xffffffff || topology.connected.some((n) => n.prefix.length < 31 && ip === (n.prefix.network | ~n.prefix.mask) >>> 0);

const addressTypes = (ip: number, topology: Topology): string[] => {
  if (topology.localAddresses.has(ip)) return ["local", "unicast"];
  if (ip >>> 28 === 14) return ["multicast"];
  if (isBroadcast(ip, topology)) return ["broadcast"];

  return ["unicast"];
};

const matchAddressType = (value: string, topology: Topology, pick: (p: Packet) => number): Matcher => {
  const wanted = commaList(value);

  return (p) => addressTypes(pick(p), topology).some((type) => wanted.includes(type));
};

const matchProtocol = (value: string): Matcher | null => {
  const byName = value in PROTOCOL_NUMBERS ? PROTOCOL_NUMBERS[value as keyof typeof PROTOCOL_NUMBERS] : Number(value);
  if (!Number.isInteger(byName)) return null;

  return (p) => PROTOCOL_NUMBERS[p.protocol] === byName;
};

const matchMark =
  (pick: (p: Packet) => string | undefined) =>
  (value: string): Matcher =>
    value === "no-mark" ? (p) => pick(p) === undefined : (p) => pick(p) === value;

const FACTORIES: Readonly<Record<string, MatcherFactory>> = {
  "in-interface": (value) => (p) => p.inInterface === value,
  "out-interface": (value) => (p) => p.outInterface === value,
  "in-interface-list": (value, topology) => (p) => topology.inInterfaceList(p.inInterface, value),
  "out-interface-list": (value, topology) => (p) => topology.inInterfaceList(p.outInterface, value),
  "src-address": (value) => matchRange(parseAddressRange(value), (p) => p.src),
  "dst-address": (value) => matchRange(parseAddressRange(value), (p) => p.dst),
  "src-address-list": (value, topology) => (p) => topology.addressList(value).has(p.src),
  "dst-address-list": (value, topology) => (p) => topology.addressList(value).has(p.dst),
  "src-address-type": (value, topology) => matchAddressType(value, topology, (p) => p.src),
  "dst-address-type": (value, topology) => matchAddressType(value, topology, (p) => p.dst),
  protocol: matchProtocol,
  "src-port": (value) => matchPorts(value, (p) => [p.srcPort]),
  "dst-port": (value) => matchPorts(value, (p) => [p.dstPort]),
  port: (value) => matchPorts(value, (p) => [p.srcPort, p.dstPort]),
  "connection-state": (value) => {
    const states = commaList(value);
    return (p) => states.includes(p.state);
  },
  "connection-nat-state": (value) => {
    const states = commaList(value);
    return (p) => (states.includes("srcnat") && p.conn.srcNat) || (states.includes("dstnat") && p.conn.dstNat);
  },
  "connection-mark": matchMark((p) => p.conn.mark),
  "routing-mark": matchMark((p) => p.routingMark),
  "packet-mark": matchMark((p) => p.packetMark),
  "per-connection-classifier": (value) => {
    const classifier = parseClassifier(value);
    return classifier === null ? null : (p) => classify(classifier, p);
  },
};

/** Properties that configure the rule or its action rather than select packets. */
const NOT_MATCHERS = new Set([
  ".id",
  "chain",
  "action",
  "comment",
  "disabled",
  "dynamic",
  "invalid",
  "log",
  "log-prefix",
  "passthrough",
  "new-connection-mark",
  "new-packet-mark",
  "new-routing-mark",
  "jump-target",
  "to-addresses",
  "to-ports",
  "address-list",
  "address-list-timeout",
  "new-mss",
  "new-ttl",
  "new-dscp",
  "new-priority",
  "sniff-id",
  "sniff-target",
  "sniff-target-port",
  "route-dst",
  "reject-with",
  "hw-offload",
  "place-before",
  "copy-from",
  "bytes",
  "packets",
  "randomise-ports",
]);

const negatable = (factory: MatcherFactory, raw: string, topology: Topology): Matcher => {
  const negated = raw.startsWith("!");
  const matcher = factory(negated ? raw.slice(1) : raw, topology);
  if (matcher === null) return NEVER;

  return negated ? (p) => !matcher(p) : matcher;
};

/** One predicate for all of a rule's matchers; a rule with no matchers matches everything in its chain. */
export const compileMatchers = (props: Readonly<Record<string, string>>, topology: Topology): Matcher => {
  const matchers: Matcher[] = [];
  for (const [name, value] of Object.entries(props)) {
    if (NOT_MATCHERS.has(name)) continue;
    const factory = FACTORIES[name];
    if (!factory) return NEVER;
    matchers.push(negatable(factory, value, topology));
  }

  return (p) => matchers.every((matcher) => matcher(p));
};
