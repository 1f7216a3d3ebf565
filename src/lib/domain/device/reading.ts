import { z } from "zod";

// What a device does with Waymark's plan, in the admin's terms: links, backends and rules, never a vendor object
// or a `waymark:` comment. Every adapter's pure transform produces this one shape; the service, the HTTP contract,
// the OpenAPI document and the UI all take their types from it. Counters are cumulative since the device last
// reset them and travel as decimal strings (64-bit on the device; a JSON number would round them).

const ZCount = z.string().regex(/^\d+$/, "a decimal counter");
export const ZTraffic = z.object({ packets: ZCount, bytes: ZCount });
export type Traffic = z.infer<typeof ZTraffic>;

/** degraded: still carrying traffic, but its probes lose answers (or some of its targets are silent). */
export const ZLinkHealth = z.enum(["up", "degraded", "down", "unknown"]);
export type LinkHealth = z.infer<typeof ZLinkHealth>;

export const ZLinkReading = z.object({
  name: z.string(),
  state: ZLinkHealth,
  /** When the link entered that state, ISO 8601; null when the device does not say. */
  since: z.string().nullable(),
  /** Probe loss and round-trip time, where the device measures them (RouterOS netwatch does not report them). */
  lossPercent: z.number().nullable(),
  rttMs: z.number().nullable(),
  /** New connections given to this link so far (the rule that chooses the link counts each one once). */
  newConnections: ZCount.nullable(),
  /** Share of all new connections given to this link, from the cumulative counts, 0–100. */
  shareOfNew: z.number().nullable(),
  out: ZTraffic.nullable(),
  in: ZTraffic.nullable(),
  openConnections: z.number().int().nullable(),
});
export type LinkReading = z.infer<typeof ZLinkReading>;

/** What a backend does now: up or down by its probe while active; drain and disabled as the admin set them. */
export const ZBackendHealth = z.enum(["up", "down", "drain", "disabled", "unknown"]);
/** What the backend's health probe says, whatever its state (a drained backend is still probed). */
export const ZProbeVerdict = z.enum(["up", "down", "unknown"]);

export const ZBackendReading = z.object({
  pool: z.string(),
  name: z.string(),
  address: z.string(),
  /** The port the backend listens on (the pool's own when the backend names none). */
  port: z.number().int().nullable(),
  state: ZBackendHealth,
  /** When the probe last changed its verdict, ISO 8601; null when the device does not say. */
  since: z.string().nullable(),
  probe: ZProbeVerdict,
  /** New connections sent to this backend so far (its dst-nat rules count each one once). */
  newConnections: ZCount.nullable(),
  /** Connections the device tracks to this backend now, closing ones not counted; a drained backend is idle at 0. */
  openConnections: z.number().int().nullable(),
  /** Packets and bytes of the first packets its dst-nat rules matched (NAT sees only a connection's first packet). */
  traffic: ZTraffic.nullable(),
});
export type BackendReading = z.infer<typeof ZBackendReading>;

export const ZRuleReading = z.object({
  /** Stable across readings of one plan, for rates and list keys; opaque to the UI. */
  key: z.string(),
  /** Where the rule sits, as the device names it: RouterOS "mangle" / "nat" / "filter"; Linux "inet waymark". */
  table: z.string(),
  chain: z.string(),
  /**
   * Its position, as the device's own listing numbers it: RouterOS `print` numbers (0-based, across the whole
   * table, dynamic rules included); Linux the position in its chain (1-based, as `iptables -L --line-numbers`).
   */
  number: z.number().int().nonnegative(),
  /** Waymark created it (and may change or reset it); every other rule is the admin's own, shown, never touched. */
  ownedByWaymark: z.boolean(),
  /** What the rule does, in the admin's words: "new LAN connections, share 1 of 4 → isp-a"; the admin's rules: their comment or match. */
  what: z.string(),
  /** What it matches, in words: "tcp to 203.0.113.10:443 from LAN, new connections"; "every packet" when nothing. */
  match: z.string(),
  /** What it does to a match, in words: "mark connection to-isp-a", "masquerade", "jump to pick". */
  action: z.string(),
  /** The link or backend the rule serves, for grouping. */
  link: z.string().nullable(),
  /** Null for an nft rule without a counter: nftables counts only what a rule asks it to. */
  packets: ZCount.nullable(),
  bytes: ZCount.nullable(),
  disabled: z.boolean(),
});
export type RuleReading = z.infer<typeof ZRuleReading>;

export const ZDriftEntry = z.object({
  what: z.string(),
  change: z.enum(["missing", "changed", "moved", "extra"]),
  detail: z.string(),
});

export const ZDeviceReading = z.object({
  /** When the device was read, ms since the epoch (dashboard clock). */
  readAtMs: z.number(),
  device: z.object({ identity: z.string().nullable(), softwareVersion: z.string().nullable() }),
  /** The on-device health watcher (Linux monitor; RouterOS netwatch entries) is running. */
  watcher: z.object({ running: z.boolean(), detail: z.string() }),
  links: z.array(ZLinkReading),
  backends: z.array(ZBackendReading),
  rules: z.array(ZRuleReading),
  drift: z.object({ drifted: z.boolean(), entries: z.array(ZDriftEntry) }),
});
export type DeviceReading = z.infer<typeof ZDeviceReading>;

/** Cumulative shares, for a reading on its own. */
export function cumulativeShares(counts: readonly (string | null)[]): (number | null)[] {
  const values = counts.map((c) => (c === null ? null : BigInt(c)));
  const total = values.reduce<bigint>((sum, v) => sum + (v ?? 0n), 0n);
  return values.map((v) => (v === null || total === 0n ? null : Number((v * 10_000n) / total) / 100));
}
