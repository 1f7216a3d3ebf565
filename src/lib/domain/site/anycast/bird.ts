import type { AnycastServer, AnycastSite } from "../intent";
import { anycastNames } from "./layout";

// BIRD 2 configuration (Debian bookworm's bird2 2.0.12 accepts every line; bird -p checks it before a reload).
// The forms are the lab-verified ones of linux-gateway.md §5: the server announces the service /32 from a static
// protocol its health daemon enables and disables, over eBGP with BFD; the edge merges equal routes into one
// kernel ECMP route (`merge paths on`) and keeps standby servers' routes at a lower local preference, so they are
// neither selected nor merged while a preferred route exists (bgp_rte_mergable: same local_pref).
// Waymark owns the whole file it writes (the member's bird.configFile); a push replaces it.

/** Standby servers' routes at the edge: below the default 100 of the preferred ones. */
export const STANDBY_LOCAL_PREF = 50;
/** Retry quickly after a failure: BIRD's defaults (connect retry 120 s, error wait 60–300 s) would keep a recovered server out for minutes. */
const SESSION_TIMERS = ["connect delay time 1;", "connect retry time 5;", "error wait time 5, 60;"];

const header = (site: string, what: string) => [
  `# Waymark: anycast site ${site}, ${what}.`,
  "# Written by Waymark and replaced by its next push of the site; edits made here are lost.",
  "timeformat protocol iso long;",
];

function bfdBlock(name: string, iface: string, site: AnycastSite): string[] {
  return [
    `protocol bfd ${name} {`,
    `  interface "${iface}" {`,
    `    min rx interval ${site.bfd.intervalMs} ms;`,
    `    min tx interval ${site.bfd.intervalMs} ms;`,
    `    multiplier ${site.bfd.multiplier};`,
    "  };",
    "}",
  ];
}

export function serverBirdConfig(siteName: string, site: AnycastSite, server: AnycastServer, edgeAsn: number, deviceName: string): string {
  const n = anycastNames(siteName);
  const net = `${site.address}/32`;
  return [
    ...header(siteName, `server ${deviceName}`),
    `router id ${server.address};`,
    "",
    `protocol device ${n.device} { scan time 10; }`,
    "",
    "# The service address; the health daemon disables this protocol (withdrawing the route) while the check fails.",
    `protocol static ${n.service} {`,
    "  ipv4;",
    `  route ${net} unreachable;`,
    "}",
    "",
    ...bfdBlock(n.bfd, server.interface, site),
    "",
    `protocol bgp ${n.edgeSession} {`,
    `  local ${server.address} as ${server.asn};`,
    `  neighbor ${server.edgeAddress} as ${edgeAsn};`,
    `  hold time ${site.holdTimeSec};`,
    ...SESSION_TIMERS.map((l) => `  ${l}`),
    "  bfd on;",
    "  ipv4 {",
    "    import none;",
    `    export where proto = "${n.service}" && net = ${net};`,
    "  };",
    "}",
    "",
  ].join("\n");
}

export type EdgePeer = { server: AnycastServer; protocol: string; deviceName: string };

export function edgeBirdConfig(siteName: string, site: AnycastSite, edgeAsn: number, peers: readonly EdgePeer[], deviceName: string): string {
  const n = anycastNames(siteName);
  const net = `${site.address}/32`;
  const routerId = peers[0]?.server.edgeAddress ?? "0.0.0.1";
  const sessions = peers.flatMap((p) => [
    `# ${p.server.preference === "standby" ? "standby" : "preferred"} server ${p.deviceName.replace(/[^A-Za-z0-9 ._-]/g, "?")}`,
    `protocol bgp ${p.protocol} {`,
    `  local ${p.server.edgeAddress} as ${edgeAsn};`,
    `  neighbor ${p.server.address} as ${p.server.asn};`,
    `  hold time ${site.holdTimeSec};`,
    ...SESSION_TIMERS.map((l) => `  ${l}`),
    "  bfd on;",
    "  ipv4 {",
    `    import filter ${p.server.preference === "standby" ? n.standbyFilter : n.importFilter};`,
    "    export none;",
    "  };",
    "}",
    "",
  ]);
  return [
    ...header(siteName, `edge router ${deviceName.replace(/[^A-Za-z0-9 ._-]/g, "?")}`),
    `router id ${routerId};`,
    "",
    `protocol device ${n.device} { scan time 10; }`,
    "",
    "# One kernel route for the service address, with a next hop per selected server (ECMP).",
    `protocol kernel ${n.kernel} {`,
    "  ipv4 {",
    "    import none;",
    `    export where source = RTS_BGP && net = ${net};`,
    "  };",
    "  merge paths on limit 16;",
    "}",
    "",
    // Every BGP session here asks for BFD; the servers' links are the only ones it runs on.
    ...bfdBlock(n.bfd, "*", site),
    "",
    `filter ${n.importFilter} {`,
    `  if net = ${net} then accept;`,
    "  reject;",
    "}",
    "",
    "# Standby: kept, but neither selected nor merged while a preferred route exists.",
    `filter ${n.standbyFilter} {`,
    `  if net = ${net} then {`,
    `    bgp_local_pref = ${STANDBY_LOCAL_PREF};`,
    "    accept;",
    "  }",
    "  reject;",
    "}",
    "",
    ...sessions,
  ].join("\n");
}
