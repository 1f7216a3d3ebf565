import { z } from "zod";
import { ZDeviceReading, ZLinkHealth } from "../device/reading";

// What the monitor knows of one device after each poll: the last reading, the rates the server computed from the
// last two readings, and how polling goes. It travels to browsers by Server-Sent Events (one device's page, the
// fleet) and between Waymark instances by PostgreSQL NOTIFY; /metrics and alerts read the same thing.

/**
 * How polling this device goes, in the words of `DeviceFailure` where it failed. `starting`: no poll has ended
 * yet; `not_pushed`: nothing of Waymark's confirmed on the device, so there is nothing to read back; `paused`:
 * the admin turned monitoring off for the device.
 */
export const ZPollState = z.enum(["starting", "ok", "unreachable", "timed_out", "protocol_error", "auth_failed", "host_key_mismatch", "not_pushed", "paused"]);
export type PollState = z.infer<typeof ZPollState>;

const rate = z.number().nullable();

export const ZLinkRates = z.object({
  newPerSecond: rate,
  /** This link's share of the new connections of the interval, 0–100; null without new connections. */
  liveShare: rate,
  outBitsPerSecond: rate,
  inBitsPerSecond: rate,
  outPacketsPerSecond: rate,
  inPacketsPerSecond: rate,
});
export type LinkRates = z.infer<typeof ZLinkRates>;

export const ZRuleRates = z.object({ packetsPerSecond: rate, bitsPerSecond: rate });
export type RuleRates = z.infer<typeof ZRuleRates>;

export const ZBackendRates = z.object({ newPerSecond: rate, bitsPerSecond: rate });
export type BackendRates = z.infer<typeof ZBackendRates>;

/** Rates between two readings of one device; every rate is null for the first reading or across a reset. */
export const ZLiveRates = z.object({
  /** Time between the two readings the rates come from; null for a first reading. */
  elapsedMs: z.number().nullable(),
  /** By link name. */
  links: z.record(z.string(), ZLinkRates),
  /** By rule key (`RuleReading.key`). */
  rules: z.record(z.string(), ZRuleRates),
  /** By `backendKey(pool, name)`. */
  backends: z.record(z.string(), ZBackendRates),
});
export type LiveRates = z.infer<typeof ZLiveRates>;

export const backendKey = (b: { pool: string; name: string }): string => `${b.pool}/${b.name}`;

export const ZLastPush = z.object({ id: z.string(), status: z.string(), at: z.string() });

export const ZDeviceLive = z.object({
  deviceId: z.string(),
  /** Counts this device's updates in the instance that polls it; a subscriber drops one older than it has seen. */
  seq: z.number().int().nonnegative(),
  /** When the update was made, ms since the epoch. */
  at: z.number(),
  intervalMs: z.number().int().positive(),
  state: ZPollState,
  /** Why polling fails, in the admin's words: "unreachable: connection refused by 192.0.2.1:8728". */
  problem: z.string().nullable(),
  /** When the next attempt is due after a failure (backoff), ms since the epoch. */
  nextAttemptAt: z.number().nullable(),
  /** How long the last poll took. */
  pollMs: z.number().nullable(),
  /** The Waymark instance that polls the device (its lease holder). */
  polledBy: z.string(),
  /** The last good reading (kept while polling fails: its readAtMs says how old it is). */
  reading: ZDeviceReading.nullable(),
  rates: ZLiveRates.nullable(),
  lastPush: ZLastPush.nullable(),
});
export type DeviceLive = z.infer<typeof ZDeviceLive>;

/** One point of a sparkline: the rates of one poll. The last few minutes of them are kept per device in memory. */
export const ZRatePoint = z.object({ at: z.number(), rates: ZLiveRates });
export type RatePoint = z.infer<typeof ZRatePoint>;

/** How many points of recent rates are kept per device for sparklines: 5 minutes at the default 2 s. */
export const RECENT_POINTS = 150;

/** One device on the fleet page. */
export const ZFleetRow = z.object({
  deviceId: z.string(),
  name: z.string(),
  kind: z.enum(["routeros", "linux"]),
  host: z.string(),
  state: ZPollState,
  problem: z.string().nullable(),
  /** Links by health; empty when nothing was read yet. */
  links: z.record(ZLinkHealth, z.number().int().nonnegative()),
  /** Names of the links not up, for the row's one-line summary. */
  linksNotUp: z.array(z.object({ name: z.string(), state: ZLinkHealth })),
  backendsDown: z.number().int().nonnegative(),
  drifted: z.boolean().nullable(),
  lastPush: ZLastPush.nullable(),
  openAlerts: z.number().int().nonnegative(),
  /** When the device was last read successfully, ms since the epoch. */
  readAt: z.number().nullable(),
  intervalMs: z.number().int().positive(),
  /**
   * How badly the row needs the admin, 0 first (`domain/monitor/fleet.ts` `urgency`): the page sorts live rows by it
   * and the name, so the order is decided in one place.
   */
  urgency: z.number().int().nonnegative(),
});
export type FleetRow = z.infer<typeof ZFleetRow>;
