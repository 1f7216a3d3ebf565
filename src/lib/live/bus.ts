import "server-only";
import { type DeviceLive, RECENT_POINTS, type RatePoint } from "@/lib/domain/monitor/live";

// The live bus: every device's latest update, the last few minutes of its rates, and the subscribers (SSE
// streams, /metrics, the fleet view) of this process. The monitor publishes; with PostgreSQL a bridge
// (./pg-bridge.ts) carries every instance's updates to every instance, so a browser on any instance sees the
// whole fleet. One bus per process: Next.js bundles route handlers and instrumentation separately, so the
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

/** Where published updates go before they reach subscribers: straight (one instance) or through PostgreSQL. */
export type LiveTransport = { send: (update: DeviceLive) => void };

type BusState = {
  latest: Map<string, DeviceLive>;
  recent: Map<string, RatePoint[]>;
  listeners: Map<string, Set<LiveListener>>;
  transport: LiveTransport | null;
};

const KEY = Symbol.for("waymark.live-bus");

function state(): BusState {
  const holder = globalThis as { [KEY]?: BusState };
  holder[KEY] ??= { latest: new Map(), recent: new Map(), listeners: new Map(), transport: null };
  return holder[KEY];
}

/**
 * Delivers an update that arrived (from this process, or from another instance through the bridge) to the
 * subscribers, unless it is older than what they already have.
 */
export function deliver(update: DeviceLive): void {
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
function isOlder(update: DeviceLive, known: DeviceLive): boolean {
  if (known.polledBy === update.polledBy) return known.seq >= update.seq && known.at >= update.at;
  return known.at > update.at;
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
