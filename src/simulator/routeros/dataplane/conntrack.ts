// Connection tracking. Every tracked connection is a dynamic item of ip/firewall/connection, so print, find and
// remove (API or script) see the same entries the dataplane uses; removing an item drops the connection, and its
// next packet starts a new one. Identity and addresses are props; counters, state and timeout are runtime.
//
// Real v7 row (REST, abbreviated): {".id":"*D6F3A1","protocol":"tcp","src-address":"192.168.88.250:52818",
//  "dst-address":"17.57.144.84:5223","reply-src-address":"17.57.144.84:5223","reply-dst-address":"192.168.1.2:52818",
//  "tcp-state":"established","timeout":"23h59m55s","orig-packets":"9","orig-bytes":"1056","repl-packets":"7",
//  "repl-bytes":"4291","seen-reply":"true","assured":"true","srcnat":"true","dstnat":"false","connection-mark":"ISP1"}

import type { RouterConfig } from "../config";
import { formatDuration } from "../duration";
import { formatEndpoint } from "./ip";
import type { Connection } from "./packet";

export const CONNTRACK_PATH = "ip/firewall/connection";

// RouterOS defaults (/ip firewall connection tracking): tcp-established 1d, tcp-syn-sent 5s, tcp-time-wait 10s,
// udp 10s, udp-stream 3m, icmp 10s.
const timeoutMs = (conn: Connection): number => {
  if (conn.protocol === "tcp") return conn.closing ? 10_000 : conn.seenReply ? 86_400_000 : 5_000;
  if (conn.protocol === "udp") return conn.seenReply ? 180_000 : 10_000;

  return 10_000;
};

// Whole seconds, as print shows them; the same few thousand texts over and over, so remember them.
const TIMEOUT_TEXTS = new Map<number, string>();
const timeoutText = (ms: number): string => {
  const seconds = Math.floor(ms / 1000);
  let text = TIMEOUT_TEXTS.get(seconds);
  if (text === undefined) {
    text = formatDuration(seconds * 1000);
    if (TIMEOUT_TEXTS.size < 100_000) TIMEOUT_TEXTS.set(seconds, text);
  }

  return text;
};

const tcpState = (conn: Connection) => (conn.closing ? "time-wait" : conn.seenReply ? "established" : "syn-sent");

export type Conntrack = {
  get: (id: string) => Connection | undefined;
  all: () => IterableIterator<Connection>;
  count: () => number;
  /** Adds the entry for a connection whose first packet made it through. */
  track: (draft: Connection) => Connection;
  setMark: (conn: Connection, mark: string | undefined) => void;
  /** Rewrites the runtime columns of one entry (after traffic). */
  refresh: (conn: Connection, now: number) => void;
  /** Once a second: timeouts count down; expired entries go. */
  expire: (now: number) => void;
  remove: (conn: Connection) => void;
  dispose: () => void;
};

const staticProps = (conn: Connection): Record<string, string> => {
  const props: Record<string, string> = {
    protocol: conn.protocol,
    "src-address": formatEndpoint(conn.orig.src.address, conn.orig.src.port),
    "dst-address": formatEndpoint(conn.orig.dst.address, conn.orig.dst.port),
    "reply-src-address": formatEndpoint(conn.reply.src.address, conn.reply.src.port),
    "reply-dst-address": formatEndpoint(conn.reply.dst.address, conn.reply.dst.port),
  };
  if (conn.mark !== undefined) props["connection-mark"] = conn.mark;

  return props;
};

export const createConntrack = (config: RouterConfig): Conntrack => {
  const table = config.table(CONNTRACK_PATH);
  const connections = new Map<string, Connection>();
  let ownChange = false;
  let removedElsewhere = false;
  let restored = false;
  const unsubscribe = config.onChange((path) => {
    if (path === CONNTRACK_PATH && !ownChange) removedElsewhere = true;
    // A snapshot restore (safe mode) puts back copies of old entries: the kernel would not know them either.
    if (path === "") restored = removedElsewhere = true;
  });
  const mutate = <T>(change: () => T): T => {
    ownChange = true;
    try {
      return change();
    } finally {
      ownChange = false;
    }
  };
  // Someone else changed the table (API remove, a script): forget connections whose item is gone.
  const reconcile = () => {
    if (!removedElsewhere) return;
    removedElsewhere = false;
    const live = new Set(table.items);
    for (const [id, conn] of connections) if (!conn.item || !live.has(conn.item)) connections.delete(id);
    if (!restored) return;
    restored = false;
    const known = new Set([...connections.values()].map((conn) => conn.item));
    for (const item of [...table.items]) if (!known.has(item)) mutate(() => table.remove(item.id));
  };

  // Runs for every batch and every second per entry: plain assignments, no temporary objects.
  const refresh = (conn: Connection, now: number) => {
    const runtime = conn.item?.runtime;
    if (!runtime) return;
    if (conn.protocol === "tcp") runtime["tcp-state"] = tcpState(conn);
    runtime.timeout = timeoutText(Math.max(0, timeoutMs(conn) - (now - conn.lastSeen)));
    runtime["orig-packets"] = String(conn.origPackets);
    runtime["orig-bytes"] = String(conn.origBytes);
    runtime["repl-packets"] = String(conn.replyPackets);
    runtime["repl-bytes"] = String(conn.replyBytes);
    runtime["seen-reply"] = conn.seenReply ? "true" : "false";
    runtime.assured = runtime["seen-reply"];
    runtime.srcnat = conn.srcNat ? "true" : "false";
    runtime.dstnat = conn.dstNat ? "true" : "false";
  };

  const remove = (conn: Connection) => {
    connections.delete(conn.id);
    if (conn.item) mutate(() => table.remove(conn.id));
  };

  return {
    get: (id) => {
      reconcile();
      return connections.get(id);
    },
    all: () => {
      reconcile();
      return connections.values();
    },
    count: () => {
      reconcile();
      return connections.size;
    },
    track: (fields) => {
      const item = mutate(() => table.add(staticProps(fields), { dynamic: true }));
      Object.assign(item.runtime, { confirmed: "true", dying: "false", fasttrack: "false" });
      const conn: Connection = { ...fields, id: item.id, item };
      connections.set(conn.id, conn);
      refresh(conn, conn.lastSeen);

      return conn;
    },
    setMark: (conn, mark) => {
      conn.mark = mark;
      if (!conn.item) return;
      if (mark === undefined) mutate(() => table.unset(conn.id, ["connection-mark"]));
      else mutate(() => table.set(conn.id, { "connection-mark": mark }));
    },
    refresh,
    expire: (now) => {
      reconcile();
      for (const conn of connections.values()) {
        if (now - conn.lastSeen >= timeoutMs(conn)) remove(conn);
        else refresh(conn, now);
      }
    },
    remove,
    dispose: unsubscribe,
  };
};
