"use client";
import { useEffect, useState } from "react";
import type { DeviceReading } from "@/lib/domain/device/reading";
import { api, ApiCallError } from "../api";
import { describeReadFailure } from "../policy/device-state/words";

export type Readings = { current: DeviceReading; previous: DeviceReading | null };
export type ReadingState = { data: Readings | null; error: string | null };

// One read of a device at a time, however many components on the page watch it (the overview's link health and
// live state, the counters page): each device is polled by one timer at the fastest interval asked for, and every
// watcher gets the same two readings, so rates agree and the device is asked once. A hidden tab polls nothing.
type Poller = {
  watchers: Map<symbol, { intervalMs: number; set: (s: ReadingState) => void }>;
  state: ReadingState;
  timer?: ReturnType<typeof setTimeout>;
  stopped: boolean;
};

const pollers = new Map<string, Poller>();

async function readState(deviceId: string): Promise<DeviceReading> {
  try {
    return await api<DeviceReading>("GET", `/devices/${deviceId}/state`);
  } catch (e) {
    if (e instanceof ApiCallError) throw new Error(describeReadFailure(e.failure.code, e.failure.message));
    throw new Error(describeReadFailure(null, "the dashboard did not answer; check your connection"));
  }
}

function start(deviceId: string, poller: Poller) {
  const tick = async () => {
    if (!document.hidden) {
      try {
        const current = await readState(deviceId);
        poller.state = { data: { current, previous: poller.state.data?.current ?? null }, error: null };
      } catch (e) {
        poller.state = { data: poller.state.data, error: e instanceof Error ? e.message : String(e) };
      }
      if (poller.stopped) return;
      for (const w of poller.watchers.values()) w.set(poller.state);
    }
    if (!poller.stopped) poller.timer = setTimeout(tick, Math.min(...[...poller.watchers.values()].map((w) => w.intervalMs)));
  };
  void tick();
}

/** The device's last two readings, refreshed every `intervalMs` (shared with the page's other watchers). */
export function useDeviceReading(deviceId: string, intervalMs: number): ReadingState {
  const [state, setState] = useState<ReadingState>(() => pollers.get(deviceId)?.state ?? { data: null, error: null });
  useEffect(() => {
    const id = Symbol(deviceId);
    let poller = pollers.get(deviceId);
    const fresh = poller === undefined;
    if (!poller) {
      poller = { watchers: new Map(), state: { data: null, error: null }, stopped: false };
      pollers.set(deviceId, poller);
    }
    poller.watchers.set(id, { intervalMs, set: setState });
    setState(poller.state);
    if (fresh) start(deviceId, poller);
    return () => {
      const p = pollers.get(deviceId);
      if (!p) return;
      p.watchers.delete(id);
      if (p.watchers.size === 0) {
        p.stopped = true;
        clearTimeout(p.timer);
        pollers.delete(deviceId);
      }
    };
  }, [deviceId, intervalMs]);
  return state;
}

/** Reads once now, outside the interval (after a reset), and hands the result to every watcher. */
export async function refreshDeviceReading(deviceId: string): Promise<void> {
  const poller = pollers.get(deviceId);
  if (!poller) return;
  const current = await readState(deviceId);
  poller.state = { data: { current, previous: poller.state.data?.current ?? null }, error: null };
  for (const w of poller.watchers.values()) w.set(poller.state);
}
