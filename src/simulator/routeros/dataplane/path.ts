// The packet path (RouterOS packet flow, simplified to what load balancing needs):
//   new, forwarded:  mangle prerouting → nat dstnat → routing decision → mangle forward → filter forward
//                    → mangle postrouting → nat srcnat → out
//   to the router:   ... routing decision says local → mangle input → filter input
//   later packets:   the same minus NAT (the connection's translation applies); replies come back in on the
//                    connection's out-interface and leave on its in-interface.
// Each batch records which rules and interfaces it touched; while nothing changes, later batches of the same
// connection replay that record instead of walking the chains again (the fleet demo runs for hours).

import type { ConfigItem } from "../config";
import type { Compiled } from "./compiled";
import type { InterfaceCounters } from "./interfaces";
import type { Connection, Hook, Packet, PathTrace } from "./packet";
import { filterAction, mangleAction, natAction, type ActionEffects } from "./rules/actions";
import { runChain, type CompiledRule, type RuleOutcome, type RuleTable } from "./rules/chains";
import { decideRoute, type RouteDecision } from "./routing/decide";

export type PathDeps = {
  v7: boolean;
  counters: InterfaceCounters;
  effects: ActionEffects;
  /** Whether `ip` answers at all (a dead gateway, a dead server). */
  answers: (ip: number) => boolean;
  logRule: (rule: CompiledRule, packet: Packet) => void;
  /** Changes whenever any host's reachability changes (remembered paths depend on it). */
  reachabilityGeneration: () => number;
};

export type PathVerdict = "forwarded" | "local" | "dropped" | "unroutable";

export type PathResult = { verdict: PathVerdict; decision: RouteDecision | undefined; delivered: boolean };

type Walk = {
  compiled: Compiled;
  packet: Packet;
  counted: ConfigItem[];
  cacheable: boolean;
};

const walkChain = (walk: Walk, deps: PathDeps, table: RuleTable, chain: string, act: (r: CompiledRule, p: Packet) => RuleOutcome) =>
  runChain(
    table,
    chain,
    walk.packet,
    (rule, packet) => {
      if (rule.log || rule.action === "log") deps.logRule(rule, packet);
      if (rule.log || rule.action === "log" || rule.action.startsWith("add-")) walk.cacheable = false;
      return act(rule, packet);
    },
    {
      count: (rule, packet) => {
        rule.item.counters.bytes += BigInt(packet.bytes);
        rule.item.counters.packets += BigInt(packet.packets);
        walk.counted.push(rule.item);
      },
    },
  );

const enter = (walk: Walk, hook: Hook) => {
  walk.packet.hook = hook;
};

const delivered = (deps: PathDeps, decision: RouteDecision, dst: number) =>
  decision.kind === "unicast" && (decision.nexthop.gateway === undefined || deps.answers(decision.nexthop.gateway)) && deps.answers(dst);

/** Prerouting through srcnat for a packet in the original direction. `isFirst` runs NAT chains. */
const originalDirection = (walk: Walk, deps: PathDeps, isFirst: boolean): PathResult => {
  const { compiled, packet } = walk;
  const { mangle, nat, filter } = compiled;
  const conn = packet.conn;
  enter(walk, "prerouting");
  if (walkChain(walk, deps, mangle, "prerouting", mangleAction(deps.effects)) === "drop") return { verdict: "dropped", decision: undefined, delivered: false };
  if (isFirst) walkChain(walk, deps, nat, "dstnat", natAction(deps.effects));
  else Object.assign(packet, { dst: conn.reply.src.address, dstPort: conn.reply.src.port });

  const query = { src: packet.src, dst: packet.dst, routingMark: packet.routingMark, inInterface: packet.inInterface };
  const decision = decideRoute(compiled.routing, compiled.policy, compiled.topology, query, deps.v7);
  if (decision.kind === "local") {
    enter(walk, "input");
    const verdict =
      walkChain(walk, deps, mangle, "input", mangleAction(deps.effects)) === "drop" ||
      walkChain(walk, deps, filter, "input", filterAction(deps.effects)) === "drop";
    return { verdict: verdict ? "dropped" : "local", decision, delivered: !verdict };
  }
  if (decision.kind !== "unicast") return { verdict: "unroutable", decision, delivered: false };

  packet.outInterface = decision.nexthop.interfaceName;
  enter(walk, "forward");
  if (walkChain(walk, deps, mangle, "forward", mangleAction(deps.effects)) === "drop") return { verdict: "dropped", decision, delivered: false };
  if (walkChain(walk, deps, filter, "forward", filterAction(deps.effects)) === "drop") return { verdict: "dropped", decision, delivered: false };
  enter(walk, "postrouting");
  if (walkChain(walk, deps, mangle, "postrouting", mangleAction(deps.effects)) === "drop") return { verdict: "dropped", decision, delivered: false };
  if (isFirst) walkChain(walk, deps, nat, "srcnat", natAction(deps.effects));

  return { verdict: "forwarded", decision, delivered: delivered(deps, decision, packet.dst) };
};

/** A reply: in on the connection's out-interface, de-NAT, out on its in-interface. */
const replyDirection = (walk: Walk, deps: PathDeps, local: boolean): PathResult => {
  const { compiled, packet } = walk;
  const conn = packet.conn;
  if (local) {
    packet.outInterface = conn.inInterface;
    enter(walk, "output");
    const dropped =
      walkChain(walk, deps, compiled.mangle, "output", mangleAction(deps.effects)) === "drop" ||
      walkChain(walk, deps, compiled.filter, "output", filterAction(deps.effects)) === "drop";
    return { verdict: dropped ? "dropped" : "forwarded", decision: undefined, delivered: !dropped };
  }
  enter(walk, "prerouting");
  if (walkChain(walk, deps, compiled.mangle, "prerouting", mangleAction(deps.effects)) === "drop")
    return { verdict: "dropped", decision: undefined, delivered: false };
  Object.assign(packet, { dst: conn.orig.src.address, dstPort: conn.orig.src.port, outInterface: conn.inInterface });
  enter(walk, "forward");
  if (walkChain(walk, deps, compiled.mangle, "forward", mangleAction(deps.effects)) === "drop")
    return { verdict: "dropped", decision: undefined, delivered: false };
  if (walkChain(walk, deps, compiled.filter, "forward", filterAction(deps.effects)) === "drop")
    return { verdict: "dropped", decision: undefined, delivered: false };
  enter(walk, "postrouting");
  const dropped = walkChain(walk, deps, compiled.mangle, "postrouting", mangleAction(deps.effects)) === "drop";
  Object.assign(packet, { src: conn.orig.dst.address, srcPort: conn.orig.dst.port });

  return { verdict: dropped ? "dropped" : "forwarded", decision: undefined, delivered: !dropped };
};

export type Batch = { direction: "orig" | "reply"; bytes: number; packets: number; isFirst: boolean; local: boolean };

const packetFor = (conn: Connection, batch: Batch): Packet => {
  const tuple = batch.direction === "orig" ? conn.orig : conn.reply;

  return {
    src: tuple.src.address,
    dst: tuple.dst.address,
    srcPort: tuple.src.port,
    dstPort: tuple.dst.port,
    protocol: conn.protocol,
    inInterface: batch.direction === "orig" ? conn.inInterface : conn.outInterface,
    outInterface: undefined,
    state: batch.isFirst ? "new" : conn.seenReply || batch.direction === "reply" ? "established" : "new",
    conn,
    routingMark: undefined,
    packetMark: undefined,
    bytes: batch.bytes,
    packets: batch.packets,
    hook: "prerouting",
  };
};

const replay = (trace: PathTrace, deps: PathDeps, batch: Batch) => {
  const bytes = BigInt(batch.bytes);
  const packets = BigInt(batch.packets);
  for (const item of trace.counted) {
    item.counters.bytes += bytes;
    item.counters.packets += packets;
  }
  if (trace.rxInterface !== undefined) deps.counters.rx(trace.rxInterface, batch.bytes, batch.packets);
  if (trace.txInterface !== undefined) deps.counters.tx(trace.txInterface, batch.bytes, batch.packets);
};

export type BatchResult = PathResult & { packet: Packet | undefined; outInterface: string | undefined };

/** Runs one batch of a connection through the router; counts rules and interfaces. */
export const runBatch = (compiled: Compiled, deps: PathDeps, conn: Connection, batch: Batch): BatchResult => {
  const key = `${compiled.key}/${deps.reachabilityGeneration()}`;
  const cached = conn.traces[batch.direction];
  if (!batch.isFirst && cached !== undefined && cached.key === key) {
    replay(cached, deps, batch);
    return { verdict: cached.verdict, decision: undefined, delivered: cached.delivered, packet: undefined, outInterface: cached.txInterface };
  }
  // Walk a batch of several packets as its first packet, then the rest: the first one may change the connection
  // (mark-connection on an unmarked reply), and on a real router only that one packet matches the marking rule.
  if (!batch.isFirst && batch.packets > 1) {
    const size = Math.floor(batch.bytes / batch.packets);
    runBatch(compiled, deps, conn, { ...batch, packets: 1, bytes: size });
    return runBatch(compiled, deps, conn, { ...batch, packets: batch.packets - 1, bytes: batch.bytes - size });
  }
  const packet = packetFor(conn, batch);
  const markBefore = conn.mark;
  const walk: Walk = { compiled, packet, counted: [], cacheable: !batch.isFirst };
  if (packet.inInterface !== undefined) deps.counters.rx(packet.inInterface, batch.bytes, batch.packets);
  const result = batch.direction === "orig" ? originalDirection(walk, deps, batch.isFirst) : replyDirection(walk, deps, batch.local);
  const txInterface = result.verdict === "forwarded" ? packet.outInterface : undefined;
  if (txInterface !== undefined) deps.counters.tx(txInterface, batch.bytes, batch.packets);
  // A path that changed the connection (a mark set on this packet) may go differently next time: walk again.
  if (walk.cacheable && conn.mark === markBefore && packet.state === "established") {
    conn.traces[batch.direction] = {
      key,
      counted: walk.counted,
      rxInterface: packet.inInterface,
      txInterface,
      delivered: result.delivered,
      verdict: result.verdict,
    };
  }

  return { ...result, packet, outInterface: txInterface };
};
