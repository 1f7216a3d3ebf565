// Where Waymark's objects live on a Linux gateway. Every name here is Waymark's own, so nothing outside these
// is ever touched: one nft table, a block of routing tables and rule priorities, one directory per purpose.

/** The only nftables table Waymark creates, replaces or deletes. */
export const NFT_TABLE = { family: "inet", name: "waymark" } as const;

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
  /** Installed configuration: what the monitor reads. */
  configDir: "/etc/waymark",
  monitorConfig: "/etc/waymark/monitor.conf",
  monitorScript: "/usr/local/lib/waymark/monitor.sh",
  systemdUnit: "waymark-monitor.service",
  rollbackUnit: "waymark-rollback",
} as const;

export function hex(value: number): string {
  return `0x${value.toString(16)}`;
}
