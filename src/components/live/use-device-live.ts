"use client";
import { useEffect, useState } from "react";
import type { DeviceLive, RatePoint } from "@/lib/domain/monitor/live";

// A device's live state as the server's monitor sees it, by Server-Sent Events (GET /api/v1/devices/{id}/live): one
// EventSource per device per page, however many components watch it (the overview's link health, live state and
// topology), so they agree and the server holds one stream. The first event is a snapshot (the last update and the
// last minutes of rates, for sparklines), then one update per poll. EventSource reconnects by itself after a network
// failure; a stream the server refused (a restart mid-deploy answers 502) is reopened after a pause. The browser
// never asks the device anything: the monitor polls it whether or not anyone watches.

/** `connecting`: no event yet; `open`: the stream is up; `reconnecting`: it dropped and EventSource tries again. */
export type StreamState = "connecting" | "open" | "reconnecting";

export type LiveView = { live: DeviceLive | null; recent: RatePoint[]; stream: StreamState; received: boolean };

type Channel = { source: EventSource | null; watchers: Set<(view: LiveView) => void>; view: LiveView; retry?: ReturnType<typeof setTimeout> };

const channels = new Map<string, Channel>();
const FRESH: LiveView = { live: null, recent: [], stream: "connecting", received: false };
/** How many rate points a sparkline keeps: 5 minutes at the default 2 s, as the server does (RECENT_POINTS). */
const KEEP_POINTS = 150;
/** How long to wait before reopening a stream the server closed (EventSource gives up on a non-200 answer). */
const REOPEN_MS = 5_000;

function publish(channel: Channel, view: LiveView) {
  channel.view = view;
  for (const watcher of channel.watchers) watcher(view);
}

/** An update from another poller instance is taken; from the same one, only if it is newer than what we have. */
function isNewer(known: DeviceLive | null, update: DeviceLive): boolean {
  return !known || known.polledBy !== update.polledBy || update.seq > known.seq;
}

function withPoint(recent: RatePoint[], update: DeviceLive): RatePoint[] {
  if (!update.rates || !update.reading || recent.at(-1)?.at === update.reading.readAtMs) return recent;
  const points = [...recent, { at: update.reading.readAtMs, rates: update.rates }];
  return points.length > KEEP_POINTS ? points.slice(points.length - KEEP_POINTS) : points;
}

function open(deviceId: string, channel: Channel) {
  const source = new EventSource(`/api/v1/devices/${encodeURIComponent(deviceId)}/live`);
  channel.source = source;
  source.addEventListener("open", () => publish(channel, { ...channel.view, stream: "open" }));
  source.addEventListener("snapshot", (event) => {
    const { live, recent } = JSON.parse((event as MessageEvent<string>).data) as { live: DeviceLive | null; recent: RatePoint[] };
    publish(channel, { live, recent: recent.slice(-KEEP_POINTS), stream: "open", received: true });
  });
  source.addEventListener("update", (event) => {
    const update = JSON.parse((event as MessageEvent<string>).data) as DeviceLive;
    const { view } = channel;
    if (!isNewer(view.live, update)) return;
    publish(channel, { live: update, recent: withPoint(view.recent, update), stream: "open", received: true });
  });
  source.addEventListener("error", () => {
    publish(channel, { ...channel.view, stream: "reconnecting" });
    if (source.readyState !== EventSource.CLOSED) return;
    channel.retry = setTimeout(() => {
      if (channels.get(deviceId) === channel) open(deviceId, channel);
    }, REOPEN_MS);
  });
}

function close(channel: Channel) {
  clearTimeout(channel.retry);
  channel.source?.close();
  channel.source = null;
}

/** The device's live state, shared with the page's other watchers of the same device. */
export function useDeviceLive(deviceId: string): LiveView {
  const [view, setView] = useState<LiveView>(() => channels.get(deviceId)?.view ?? FRESH);
  useEffect(() => {
    let channel = channels.get(deviceId);
    if (!channel) {
      channel = { source: null, watchers: new Set(), view: FRESH };
      channels.set(deviceId, channel);
      open(deviceId, channel);
    }
    channel.watchers.add(setView);
    setView(channel.view);
    return () => {
      const c = channels.get(deviceId);
      if (!c) return;
      c.watchers.delete(setView);
      if (c.watchers.size === 0) {
        close(c);
        channels.delete(deviceId);
      }
    };
  }, [deviceId]);
  return view;
}
