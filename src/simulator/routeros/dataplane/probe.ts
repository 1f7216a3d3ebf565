// Traffic the router sends itself (netwatch pings): routed once to pick the source address, through mangle
// output (which may set a routing mark), routed again, then filter output. Counts like any other packet. The
// answer comes back in on the same interface through filter input, where a drop rule (a failover drill's) loses it.

import type { Compiled } from "./compiled";
import { newConnection, type Connection, type Packet } from "./packet";
import type { PathDeps } from "./path";
import { filterAction, mangleAction } from "./rules/actions";
import { runChain, type RuleSink } from "./rules/chains";
import { decideRoute, type RouteDecision } from "./routing/decide";

export type ProbeResult = { answered: boolean; decision: RouteDecision };

const PING_BYTES = 84; // 20 IP + 8 ICMP + 56 data, what RouterOS /ping sends by default

const probeConnection = (src: number, dst: number): Connection =>
  newConnection({ src, dst, protocol: "icmp", srcPort: undefined, dstPort: undefined, inInterface: undefined }, 0);

const counting: RuleSink = {
  count: (rule, packet) => {
    rule.item.counters.bytes += BigInt(packet.bytes);
    rule.item.counters.packets += BigInt(packet.packets);
  },
};

export const probeFromRouter = (compiled: Compiled, deps: PathDeps, dst: number): ProbeResult => {
  const { topology, routing, policy } = compiled;
  const route = (src: number, routingMark: string | undefined) =>
    decideRoute(routing, policy, topology, { src, dst, routingMark, inInterface: undefined }, deps.v7);
  const first = route(0, undefined);
  if (first.kind === "local") return { answered: true, decision: first };
  const src = first.kind === "unicast" ? (topology.addressOf(first.nexthop.interfaceName) ?? 0) : 0;
  const packet: Packet = {
    src,
    dst,
    srcPort: undefined,
    dstPort: undefined,
    protocol: "icmp",
    inInterface: undefined,
    outInterface: undefined,
    state: "new",
    conn: probeConnection(src, dst),
    routingMark: undefined,
    packetMark: undefined,
    bytes: PING_BYTES,
    packets: 1,
    hook: "output",
  };
  if (runChain(compiled.mangle, "output", packet, mangleAction(deps.effects), counting) === "drop") return { answered: false, decision: first };
  const decision = packet.routingMark === undefined ? first : route(src, packet.routingMark);
  if (decision.kind !== "unicast") return { answered: false, decision };
  packet.outInterface = decision.nexthop.interfaceName;
  if (runChain(compiled.filter, "output", packet, filterAction(deps.effects), counting) === "drop") return { answered: false, decision };
  deps.counters.tx(packet.outInterface, PING_BYTES, 1);
  const gateway = decision.nexthop.gateway;
  if (!((gateway === undefined || deps.answers(gateway)) && deps.answers(dst))) return { answered: false, decision };
  deps.counters.rx(packet.outInterface, PING_BYTES, 1);
  const reply: Packet = { ...packet, src: dst, dst: src, inInterface: packet.outInterface, outInterface: undefined, state: "established", hook: "input" };
  const answered = runChain(compiled.filter, "input", reply, filterAction(deps.effects), counting) === "accept";

  return { answered, decision };
};
