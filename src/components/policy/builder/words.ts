// The admin's words for the intent's choices, shown in the builder's selects. The options themselves come from the
// schemas (INTENT_LIMITS); a value missing here is shown as it is spelled.

export const HANDLING_WORDS: Record<string, string> = {
  flush: "flush: cut its connections so clients reconnect at once",
  keep: "keep: leave its connections where they are",
};

export const PROBE_TYPE_WORDS: Record<string, string> = { icmp: "ICMP ping", tcp: "TCP connect (needs a port)" };

export const METHOD_WORDS: Record<string, string> = {
  "per-connection": "per connection: each new connection draws a link by weight",
  "sticky-source": "sticky by source: one LAN host always uses the same link",
  "sticky-source-destination": "sticky by source and destination: one host to one destination keeps its link",
};

export const LAST_RESORT_WORDS: Record<string, string> = {
  "main-table": "main table: the device's ordinary routing decides",
  unreachable: "unreachable: refuse new connections at once (clients fail fast)",
  blackhole: "blackhole: drop new connections silently",
};

export const STICKY_WORDS: Record<string, string> = {
  "per-connection": "per connection: each new connection draws a backend",
  source: "by source: one client address always reaches the same backend",
  "source-and-port": "by source and port: one client address and port keep their backend",
};

export const BACKEND_STATE_WORDS: Record<string, string> = {
  active: "active: takes new connections by weight",
  drain: "drain: no new connections, established ones continue",
  disabled: "disabled: takes nothing, cuts its connections",
};

export const PROTOCOL_WORDS: Record<string, string> = { tcp: "TCP", udp: "UDP" };

export const POOL_PROBE_WORDS: Record<string, string> = {
  icmp: "ICMP ping of the backend",
  tcp: "TCP connect to the backend's port",
  http: "HTTP GET of a path, expecting a status",
};
