import type { BfdSession, BgpSession } from "@/lib/domain/site/member-reading";

// Parsers of birdc's text output (BIRD 2 has no JSON; linux-gateway.md §5.3). Waymark's configurations set
// `timeformat protocol iso long`, so "since" is "YYYY-MM-DD HH:MM:SS" (two fields). birdc prints a banner line
// ("BIRD 2.0.12 ready.") first, which no pattern here matches.

export type BirdProtocol = {
  name: string;
  proto: string;
  /** "up", "down", "start", "stop", "flush". */
  state: string;
  since: string | null;
  info: string;
  /** BGP only: from the "BGP state:" and "Neighbor address:" lines. */
  bgpState: string | null;
  neighbor: string | null;
  /** The channel's "Routes: 1 imported, 0 exported, 1 preferred". */
  imported: number | null;
  exported: number | null;
};

const ROW = /^(\S+)\s+(\S+)\s+(\S+)\s+(up|down|start|stop|flush)\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?)\s*(.*)$/;

// `birdc show protocols all` (BIRD 2.0.12, the anycast lab's edge; trimmed to two protocols):
//
//   BIRD 2.0.12 ready.
//   Name       Proto      Table      State  Since         Info
//   wm_web_kernel Kernel     master4    up     2026-12-06 04:48:30
//     Channel ipv4
//       State:          UP
//       Table:          master4
//       Preference:     10
//       Input filter:   REJECT
//       Output filter:  (unnamed)
//       Routes:         0 imported, 1 exported, 0 preferred
//
//   wm_web_web_1 BGP        ---        up     2026-12-06 04:48:31  Established
//     BGP state:          Established
//       Neighbor address: 10.2.1.2
//       Neighbor AS:      65001
//       Local AS:         65000
//       Hold timer:       6.945/9
//       Keepalive timer:  0.760/3
//     Channel ipv4
//       State:          UP
//       Input filter:   wm_web_in
//       Routes:         1 imported, 0 exported, 1 preferred
//
// A protocol's row starts at column 0 (a long name pushes the other columns right); its details are indented.
// bird.sgml, "show protocols [all]": "Show list of protocol instances along with tables they are connected to
// and protocol status, possibly giving verbose information, if all is specified."
export function parseProtocols(text: string): BirdProtocol[] {
  const protocols: BirdProtocol[] = [];
  let current: BirdProtocol | null = null;
  for (const line of text.split("\n")) {
    const row = ROW.exec(line);
    if (row) {
      current = {
        name: row[1] ?? "",
        proto: row[2] ?? "",
        state: row[4] ?? "",
        since: row[5] ?? null,
        info: (row[6] ?? "").trim(),
        bgpState: null,
        neighbor: null,
        imported: null,
        exported: null,
      };
      protocols.push(current);
      continue;
    }
    if (!current || !/^\s/.test(line)) continue;
    const bgp = /^\s+BGP state:\s+(\S+)/.exec(line);
    if (bgp) current.bgpState = bgp[1] ?? null;
    const neighbor = /^\s+Neighbor address:\s+(\S+)/.exec(line);
    if (neighbor) current.neighbor = neighbor[1] ?? null;
    const routes = /^\s+Routes:\s+(\d+) imported, (?:\d+ filtered, )?(\d+) exported/.exec(line);
    if (routes) {
      current.imported = Number(routes[1]);
      current.exported = Number(routes[2]);
    }
  }
  return protocols;
}

/** A BGP protocol as the reading shows it. Established is BIRD's word in both the info column and "BGP state". */
export function bgpSession(p: BirdProtocol): BgpSession {
  const state = p.bgpState ?? (p.state === "down" ? "Down" : (p.info.split(/\s+/)[0] ?? p.state));
  return { protocol: p.name, peer: p.neighbor, state: state || p.state, established: state === "Established", since: p.since, info: p.info };
}

// `birdc show bfd sessions` (BIRD 2.0.12, the anycast lab's edge):
//
//   BIRD 2.0.12 ready.
//   wm_web_bfd:
//   IP address                Interface  State      Since         Interval  Timeout
//   10.2.1.2                  bxe1       Up         2026-12-06 04:48:30    0.100    0.300
//
// bird.sgml, "show bfd sessions [name]": "Show information about BFD sessions." Interval and timeout are seconds.
const BFD_ROW = /^(\d{1,3}(?:\.\d{1,3}){3})\s+(\S+)\s+(\S+)\s+(.+?)\s+(\d+\.\d+)\s+(\d+\.\d+)\s*$/;

export function parseBfdSessions(text: string): BfdSession[] {
  return text.split("\n").flatMap((line) => {
    const row = BFD_ROW.exec(line);
    if (!row) return [];
    const seconds = (value: string | undefined) => (value === undefined ? null : Math.round(Number(value) * 1000));
    return [
      { peer: row[1] ?? "", interface: row[2] ?? null, state: row[3] ?? "", since: row[4] ?? null, intervalMs: seconds(row[5]), timeoutMs: seconds(row[6]) },
    ];
  });
}

// `birdc show route for 192.0.2.53 all` (BIRD 2.0.12, the anycast lab's edge with web-3 standby; trimmed):
//
//   BIRD 2.0.12 ready.
//   Table master4:
//   192.0.2.53/32        unicast [wm_web_web_1 04:48:32.192] * (100) [AS65001i]
//   	via 10.2.1.2 on bxe1
//   	Type: BGP univ
//   	BGP.local_pref: 100
//                        unicast [wm_web_web_2 04:48:33.010] (100) [AS65002i]
//   	via 10.2.2.2 on bxe2
//                        unicast [wm_web_web_3 04:48:33.517] (100) [AS65003i]
//   	via 10.2.3.2 on bxe3
//   	BGP.local_pref: 50
//
// bird.sgml, "show route [...] for prefix|IP ... all": every route of the table for the address, best first (*),
// with its attributes. Returns the protocols holding a route, in BIRD's order.
export function parseRouteHolders(text: string): string[] {
  return [...text.matchAll(/\bunicast \[(\S+) /g)].map((m) => m[1] ?? "").filter(Boolean);
}
