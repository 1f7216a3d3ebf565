// A packet batch in flight and the connection (conntrack entry) it belongs to. A batch is `packets` packets of one
// connection in one direction that take the same path, so the path is evaluated once and counted `packets` times.

import type { ConfigItem } from "../config";

export type Protocol = "tcp" | "udp" | "icmp";

export const PROTOCOL_NUMBERS: Readonly<Record<Protocol, number>> = { icmp: 1, tcp: 6, udp: 17 };

export type ConnectionState = "new" | "established" | "related" | "invalid" | "untracked";

export type Endpoint = { address: number; port: number | undefined };

/** A remembered path: the rules and interfaces one batch touched, replayed while nothing it depends on changed. */
export type PathTrace = {
  key: string;
  counted: ConfigItem[];
  rxInterface: string | undefined;
  txInterface: string | undefined;
  delivered: boolean;
  verdict: "forwarded" | "local" | "dropped" | "unroutable";
};

export type Connection = {
  id: string;
  item: ConfigItem | null;
  protocol: Protocol;
  orig: { src: Endpoint; dst: Endpoint };
  /** The reply tuple after NAT: reply.src is where the connection really goes, reply.dst who it really comes from. */
  reply: { src: Endpoint; dst: Endpoint };
  inInterface: string | undefined;
  outInterface: string | undefined;
  mark: string | undefined;
  srcNat: boolean;
  dstNat: boolean;
  /** Source-NATed by masquerade: the entry goes when its out-interface goes down. */
  masquerade: boolean;
  seenReply: boolean;
  closing: boolean;
  lastSeen: number;
  origBytes: number;
  origPackets: number;
  replyBytes: number;
  replyPackets: number;
  traces: { orig?: PathTrace; reply?: PathTrace };
};

export type Hook = "prerouting" | "input" | "forward" | "output" | "postrouting";

export type Packet = {
  src: number;
  dst: number;
  srcPort: number | undefined;
  dstPort: number | undefined;
  protocol: Protocol;
  inInterface: string | undefined;
  outInterface: string | undefined;
  state: ConnectionState;
  conn: Connection;
  routingMark: string | undefined;
  packetMark: string | undefined;
  bytes: number;
  packets: number;
  hook: Hook;
};

/** A connection before conntrack has seen it: the tuple of its first packet, nothing marked or translated yet. */
export const newConnection = (
  spec: { src: number; dst: number; protocol: Protocol; srcPort: number | undefined; dstPort: number | undefined; inInterface: string | undefined },
  now: number,
): Connection => {
  const src = { address: spec.src, port: spec.srcPort };
  const dst = { address: spec.dst, port: spec.dstPort };

  return {
    id: "",
    item: null,
    protocol: spec.protocol,
    orig: { src, dst },
    reply: { src: dst, dst: src },
    inInterface: spec.inInterface,
    outInterface: undefined,
    mark: undefined,
    srcNat: false,
    dstNat: false,
    masquerade: false,
    seenReply: false,
    closing: false,
    lastSeen: now,
    origBytes: 0,
    origPackets: 0,
    replyBytes: 0,
    replyPackets: 0,
    traces: {},
  };
};
