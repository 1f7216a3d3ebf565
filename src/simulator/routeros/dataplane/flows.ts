// Flows: what a host on either side of the router does (open a connection, send traffic, close). A flow rides on
// one conntrack entry at a time; when that entry is gone (removed over the API or by a script, or timed out) the
// flow's next packet is a new connection again, marked and routed afresh, which is how a flush moves traffic.

import type { CompiledView } from "./compiled";
import type { Conntrack } from "./conntrack";
import { newConnection, type Connection, type Protocol } from "./packet";
import { runBatch, type Batch, type PathDeps, type PathVerdict } from "./path";
import type { RouteDecision } from "./routing/decide";

export type FlowSpec = {
  src: number;
  dst: number;
  protocol: Protocol;
  srcPort: number | undefined;
  dstPort: number | undefined;
  inInterface: string | undefined;
};

export type Flow = { id: string; spec: FlowSpec; conn: Connection | undefined; local: boolean };

export type FlowOutcome = {
  /** The flow handle (stable across reconnects). */
  id: string;
  /** The conntrack entry carrying the flow now (its .id), or null when the router did not track it. */
  connectionId: string | null;
  verdict: PathVerdict;
  /** The packets reached their destination and the reply came back. */
  delivered: boolean;
  outInterface: string | undefined;
  gateway: number | undefined;
  routingTable: string | undefined;
  connectionMark: string | undefined;
};

export type Traffic = { bytes: number; packets: number; replyBytes?: number; replyPackets?: number };

type FlowDeps = { view: CompiledView; conntrack: Conntrack; path: PathDeps; now: () => number };

const describeRoute = (decision: RouteDecision | undefined) =>
  decision?.kind === "unicast" ? { gateway: decision.nexthop.gateway, routingTable: decision.table } : { gateway: undefined, routingTable: undefined };

export const createFlows = (deps: FlowDeps) => {
  const flows = new Map<string, Flow>();
  let nextFlow = 1;

  const syncMark = (conn: Connection) => {
    if (conn.item && conn.item.props["connection-mark"] !== conn.mark) deps.conntrack.setMark(conn, conn.mark);
  };

  const replyIfDelivered = (flow: Flow, conn: Connection, bytes: number, packets: number, delivered: boolean) => {
    if (!delivered || packets <= 0) return false;
    const batch: Batch = { direction: "reply", bytes, packets, isFirst: false, local: flow.local };
    const result = runBatch(deps.view.current(), deps.path, conn, batch);
    conn.replyBytes += bytes;
    conn.replyPackets += packets;
    conn.seenReply = true;

    return result.delivered;
  };

  const outcome = (flow: Flow, verdict: PathVerdict, delivered: boolean, decision: RouteDecision | undefined): FlowOutcome => ({
    id: flow.id,
    connectionId: flow.conn?.id ?? null,
    verdict,
    delivered,
    outInterface: flow.conn?.outInterface,
    ...describeRoute(decision),
    connectionMark: flow.conn?.mark,
  });

  /** The first packet of a new connection, then its answer (SYN, SYN-ACK) when it got through. */
  const connect = (flow: Flow, bytes: number): FlowOutcome => {
    const draft = newConnection(flow.spec, deps.now());
    const batch: Batch = { direction: "orig", bytes, packets: 1, isFirst: true, local: false };
    const result = runBatch(deps.view.current(), deps.path, draft, batch);
    const packet = result.packet!;
    if (result.verdict === "dropped" || result.verdict === "unroutable") {
      flow.conn = undefined;
      return outcome(flow, result.verdict, false, result.decision);
    }
    draft.reply = { src: { address: packet.dst, port: packet.dstPort }, dst: { address: packet.src, port: packet.srcPort } };
    draft.outInterface = result.verdict === "local" ? undefined : packet.outInterface;
    draft.origBytes = bytes;
    draft.origPackets = 1;
    flow.local = result.verdict === "local";
    const conn = deps.conntrack.track(draft);
    flow.conn = conn;
    const answered = replyIfDelivered(flow, conn, bytes, 1, result.delivered);
    syncMark(conn); // a reply may mark the connection (mark-connection in-interface=wan1 connection-mark=no-mark)
    deps.conntrack.refresh(conn, deps.now());

    return outcome(flow, result.verdict, answered, result.decision);
  };

  const open = (spec: FlowSpec, bytes = 60): FlowOutcome => {
    const flow: Flow = { id: `flow-${nextFlow++}`, spec, conn: undefined, local: false };
    flows.set(flow.id, flow);

    return connect(flow, bytes);
  };

  const send = (flowId: string, traffic: Traffic): FlowOutcome => {
    const flow = flows.get(flowId);
    if (!flow) throw new Error(`no flow ${flowId}`);
    let { bytes, packets } = traffic;
    if (!flow.conn || deps.conntrack.get(flow.conn.id) !== flow.conn) {
      const size = Math.max(1, Math.round(bytes / Math.max(1, packets)));
      const first = connect(flow, size);
      bytes -= size;
      packets -= 1;
      if (!flow.conn || packets <= 0) return first;
    }
    const conn = flow.conn;
    conn.lastSeen = deps.now();
    const result = runBatch(deps.view.current(), deps.path, conn, { direction: "orig", bytes, packets, isFirst: false, local: flow.local });
    conn.origBytes += bytes;
    conn.origPackets += packets;
    // A masqueraded connection routed out of another interface now carries the old source address: no answer.
    const sameWay = !conn.srcNat || flow.local || result.outInterface === conn.outInterface;
    const answered = replyIfDelivered(flow, conn, traffic.replyBytes ?? 0, traffic.replyPackets ?? 0, result.delivered && sameWay);
    syncMark(conn);
    deps.conntrack.refresh(conn, deps.now());

    return {
      ...outcome(flow, result.verdict, answered || (result.delivered && sameWay), result.decision),
      outInterface: result.outInterface ?? conn.outInterface,
    };
  };

  const close = (flowId: string) => {
    const flow = flows.get(flowId);
    flows.delete(flowId);
    if (flow?.conn && deps.conntrack.get(flow.conn.id) === flow.conn) {
      flow.conn.closing = true;
      flow.conn.lastSeen = deps.now();
      deps.conntrack.refresh(flow.conn, deps.now());
    }
  };

  return { open, send, close, get: (flowId: string) => flows.get(flowId), count: () => flows.size };
};

export type Flows = ReturnType<typeof createFlows>;
