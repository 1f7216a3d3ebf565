// Where Waymark's objects live on a Linux gateway. Every name here is Waymark's own, so nothing outside these
// is ever touched: one nft table, a block of routing tables and rule priorities, one directory per purpose.

/** The nftables table of Waymark's policy: the only one a plan creates, replaces or deletes. */
export const NFT_TABLE = { family: "inet", name: "waymark" } as const;
/**
 * The health gate's instrument, installed by inspection and never reset: new forwarded connections counted per
 * (input, output) interface pair, so the gate can tell whether the LAN was sending before a change and still is
 * after it. Independent of the policy table (which a push replaces); removing Waymark removes it too.
 */
export const NFT_WATCH_TABLE = { family: "inet", name: "waymark_watch" } as const;
/** A failover drill's block of one link's probe replies (input hook, before anything else): exists only mid-drill. */
export const NFT_DRILL_TABLE = { family: "inet", name: "waymark_drill" } as const;

/** Link i (0-based, in intent order) is marked (i+1) << 8 under this mask; the rest of the mark is left alone. */
export const MARK_MASK = 0xff00;
export function linkMark(index: number): number {
  return (index + 1) << 8;
}
/** Set on new connections when no link is up and the last resort is unreachable or blackhole. */
export const NO_LINK_MARK = 0xff00;

/** Per-link routing table: 20001, 20002, … */
export function linkTable(index: number): number {
  return 20001 + index;
}

/** ip rule priorities: main minus its default route first (keeps LAN and local routes working), then marks. */
export const RULE_PREF = {
  mainWithoutDefault: 19000,
  linkBase: 19001, // + link index
  noLink: 19090,
} as const;

export const GATEWAY_PATHS = {
  /** Runtime state (tmpfs): candidate and rollback files, the monitor's state. */
  runDir: "/run/waymark",
  monitorState: "/run/waymark/monitor.state",
  /** The last pushes' endings, "<push id> confirmed|rolled-back" lines (the switch's rollback writes one too). */
  pushOutcomes: "/run/waymark/push-outcomes",
  /** Installed configuration: what the monitor reads. */
  configDir: "/etc/waymark",
  monitorConfig: "/etc/waymark/monitor.conf",
  /** "<path under /proc/sys> <value>" per sysctl a plan sets, as it was before Waymark first set it (restored on removal). */
  originalSysctls: "/etc/waymark/original-sysctls",
  /** iptables-nft only: "<table>" and "<table> <chain>" lines of the nft tables and base chains there before Waymark's hooks. */
  originalIptables: "/etc/waymark/original-iptables",
  monitorScript: "/usr/local/lib/waymark/monitor.sh",
  /** Server pools' backend checks, started by the monitor (assets/pool-checks.sh). */
  poolChecksScript: "/usr/local/lib/waymark/pool-checks.sh",
  /** Their state: per backend verdict and since (pool-checks.sh's header). */
  poolState: "/run/waymark/pools.state",
  systemdUnit: "waymark-monitor.service",
  rollbackUnit: "waymark-rollback",
  /** The drill block's own expiry (systemd timer, or a detached sleeper whose pid is drillPid). */
  drillUnit: "waymark-drill",
  drillPid: "/run/waymark/drill.pid",
} as const;

export function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

/** Objects inside the nft table that the on-device monitor rewrites (Pattern A) or the dashboard reads. */
export const NFT_OBJECTS = {
  pool: "wan_pool",
  linksUp: "links_up",
  lanSources: "lan_sources",
  /** Named counter of new connections that found no live link. */
  noLinkCounter: "nolink_new",
} as const;

/** The size of the pool: weights become buckets 0–99 of `numgen`/`jhash … mod 100`. */
export const POOL_SIZE = 100;

/** Fixed hash seed, so a host keeps its bucket across recompiles and pushes (sticky methods). */
export const HASH_SEED = 0x5761796d;

/** Named counters of one link; link names are [a-z][a-z0-9-]*, so "-" → "_" gives distinct nft identifiers. */
export function linkCounters(linkName: string): { newConnections: string; tx: string; rx: string } {
  const id = linkName.replace(/-/g, "_");
  return { newConnections: `new_${id}`, tx: `tx_${id}`, rx: `rx_${id}` };
}

/** iptables flavour: the only chains Waymark creates; each built-in chain gets one jump into them. */
export const IPT_CHAINS = {
  prerouting: "WAYMARK_PRE",
  output: "WAYMARK_OUT",
  forward: "WAYMARK_FWD",
  postrouting: "WAYMARK_POST",
  lan: "WAYMARK_LAN",
  pick: "WAYMARK_PICK",
  hash: "WAYMARK_HASH",
  /** Rewritten by the monitor when links change state. */
  pool: "WAYMARK_POOL",
  /** WAYMARK_UP<i>: jumps to WAYMARK_TO<i> while link i is up, empty while it is down (monitor-rewritten). */
  upPrefix: "WAYMARK_UP",
  /** WAYMARK_TO<i>: sets link i's mark; its rule counter counts new connections assigned to link i. */
  toPrefix: "WAYMARK_TO",
} as const;

/** Where a candidate ruleset is written on the gateway before it is checked and applied. */
export const CANDIDATE_PATHS = {
  nftables: "/run/waymark/candidate.nft",
  iptables: "/run/waymark/candidate.iptables",
} as const;
