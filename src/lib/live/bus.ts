import "server-only";
import { type DeviceLive, RECENT_POINTS, type RatePoint } from "@/lib/domain/monitor/live";
import type { SiteLive, SiteRatePoint } from "@/lib/domain/site/live";

// The live bus: every device's latest update, the last few minutes of its rates, and the subscribers (SSE
// streams, /metrics, the fleet view) of this process. The monitor publishes; with PostgreSQL a bridge
// (./pg-bridge.ts) carries every instance's updates to every instance, so a browser on any instance sees the
// whole fleet. Sites (domain/site/live.ts) have their own channel beside the devices' on the same bus and bridge:
// a site's poller publishes one SiteLive per poll of its members. One bus per process: Next.js bundles route handlers and instrumentation separately, so the
// instance lives on globalThis, not in a module variable.

export type LiveListener = (update: DeviceLive) => void;

export type LiveBus = {
  /** Hands an update to this process's subscribers (and, with a bridge, to every instance's). */
  publish: (update: DeviceLive) => void;
  /** deviceId "*": every device. Returns the unsubscribe. */
  subscribe: (deviceId: string | "*", listener: LiveListener) => () => void;
  latest: (deviceId: string) => DeviceLive | null;
  latestAll: () => DeviceLive[];
  /** The last RECENT_POINTS rate points of a device, oldest first. */
  recent: (deviceId: string) => RatePoint[];
  /** Forgets a device (deleted, or no longer polled by anyone). */
  forget: (deviceId: string) => void;
};

export type SiteListener = (update: SiteLive) => void;

/** The site channel: the same verbs for sites. */
export type SiteBus = {
  publish: (update: SiteLive) => void;
  /** siteId "*": every site. Returns the unsubscribe. */
  subscribe: (siteId: string | "*", listener: SiteListener) => () => void;
  latest: (siteId: string) => SiteLive | null;
  latestAll: () => SiteLive[];
  /** The last RECENT_POINTS rate points of a site, oldest first. */
  recent: (siteId: string) => SiteRatePoint[];
  forget: (siteId: string) => void;
};

/** What travels on the bus (and between instances): a device's update or a site's. */
export type LiveUpdate = DeviceLive | SiteLive;
export const isSiteUpdate = (update: LiveUpdate): update is SiteLive => "siteId" in update;

/** Where published updates go before they reach subscribers: straight (one instance) or through PostgreSQL. */
export type LiveTransport = { send: (update: LiveUpdate) => void };

type BusState = {
  latest: Map<string, DeviceLive>;
  recent: Map<string, RatePoint[]>;
  listeners: Map<string, Set<LiveListener>>;
  sites?: { latest: Map<string, SiteLive>; recent: Map<string, SiteRatePoint[]>; listeners: Map<string, Set<SiteListener>> };
  transport: LiveTransport | null;
};

const KEY = Symbol.for("waymark.live-bus");

function state(): BusState {
  const holder = globalThis as { [KEY]?: BusState };
  holder[KEY] ??= { latest: new Map(), recent: new Map(), listeners: new Map(), transport: null };
  return holder[KEY];
}

function siteState(): NonNullable<BusState["sites"]> {
  const s = state();
  s.sites ??= { latest: new Map(), recent: new Map(), listeners: new Map() };
  return s.sites;
}

/**
 * Delivers an update that arrived (from this process, or from another instance through the bridge) to the
 * subscribers, unless it is older than what they already have.
 */
export function deliver(update: LiveUpdate): void {
  if (isSiteUpdate(update)) {
    deliverSite(update);
    return;
  }
  const s = state();
  const known = s.latest.get(update.deviceId);
  if (known && isOlder(update, known)) return;
  s.latest.set(update.deviceId, update);
  if (update.rates && update.reading) {
    const points = s.recent.get(update.deviceId) ?? [];
    if (points.at(-1)?.at !== update.reading.readAtMs) points.push({ at: update.reading.readAtMs, rates: update.rates });
    if (points.length > RECENT_POINTS) points.splice(0, points.length - RECENT_POINTS);
    s.recent.set(update.deviceId, points);
  }
  for (const key of [update.deviceId, "*"]) {
    for (const listener of s.listeners.get(key) ?? []) {
      try {
        listener(update);
      } catch (error) {
        console.error("waymark: a live subscriber failed", error);
      }
    }
  }
}

/**
 * From the same instance: older by seq, unless newer by time (an instance that restarted counts from 0 again).
 * From another: older by time, such as the last poll of an instance that lost the device's lease while the poll
 * was in flight, arriving after the new holder's first (instances keep their clocks in sync, as leases need).
 */
function isOlder(update: { polledBy: string; seq: number; at: number }, known: { polledBy: string; seq: number; at: number }): boolean {
  if (known.polledBy === update.polledBy) return known.seq >= update.seq && known.at >= update.at;
  return known.at > update.at;
}

function deliverSite(update: SiteLive): void {
  const s = siteState();
  const known = s.latest.get(update.siteId);
  const when = (u: SiteLive) => ({ polledBy: u.polledBy, seq: u.seq, at: u.atMs });
  if (known && isOlder(when(update), when(known))) return;
  s.latest.set(update.siteId, update);
  const members = Object.fromEntries(update.members.filter((m) => m.status === "ok" && m.reading).map((m) => [m.device, m.rates]));
  if (Object.keys(members).length > 0) {
    const points = s.recent.get(update.siteId) ?? [];
    if (points.at(-1)?.at !== update.atMs) points.push({ at: update.atMs, members });
    if (points.length > RECENT_POINTS) points.splice(0, points.length - RECENT_POINTS);
    s.recent.set(update.siteId, points);
  }
  for (const key of [update.siteId, "*"]) {
    for (const listener of s.listeners.get(key) ?? []) {
      try {
        listener(update);
      } catch (error) {
        console.error("waymark: a live site subscriber failed", error);
      }
    }
  }
}

/** Sends updates through another transport (the PostgreSQL bridge) instead of delivering them here directly. */
export function useTransport(transport: LiveTransport | null): void {
  state().transport = transport;
}

export function liveBus(): LiveBus {
  const s = state();
  return {
    publish: (update) => (s.transport ? s.transport.send(update) : deliver(update)),
    subscribe: (deviceId, listener) => {
      const set = s.listeners.get(deviceId) ?? new Set();
      set.add(listener);
      s.listeners.set(deviceId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) s.listeners.delete(deviceId);
      };
    },
    latest: (deviceId) => s.latest.get(deviceId) ?? null,
    latestAll: () => [...s.latest.values()],
    recent: (deviceId) => [...(s.recent.get(deviceId) ?? [])],
    forget: (deviceId) => {
      s.latest.delete(deviceId);
      s.recent.delete(deviceId);
    },
  };
}

export function siteBus(): SiteBus {
  const s = siteState();
  return {
    publish: (update) => {
      const transport = state().transport;
      if (transport) transport.send(update);
      else deliverSite(update);
    },
    subscribe: (siteId, listener) => {
      const set = s.listeners.get(siteId) ?? new Set();
      set.add(listener);
      s.listeners.set(siteId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) s.listeners.delete(siteId);
      };
    },
    latest: (siteId) => s.latest.get(siteId) ?? null,
    latestAll: () => [...s.latest.values()],
    recent: (siteId) => [...(s.recent.get(siteId) ?? [])],
    forget: (siteId) => {
      s.latest.delete(siteId);
      s.recent.delete(siteId);
    },
  };
}
