"use client";
import { useEffect, useState } from "react";
import type { SiteLive, SiteRatePoint } from "@/lib/domain/site";

// A site's live state as the monitor sees it, by Server-Sent Events (GET /api/v1/sites/{id}/live): a snapshot (the
// last update and the last minutes of each member's rates), then one update per poll. EventSource reconnects by
// itself after a network failure; a stream the server refused is reopened after a pause. The browser never asks a
// device anything.

/** One poll's rates per member device, then per rate key ("answered", "served", "forwarded:<device>"). */
export type SitePoint = SiteRatePoint;
export type StreamState = "connecting" | "open" | "reconnecting";
export type SiteLiveView = { live: SiteLive | null; recent: SitePoint[]; stream: StreamState; received: boolean };

const KEEP_POINTS = 150;
const REOPEN_MS = 5_000;
const FRESH: SiteLiveView = { live: null, recent: [], stream: "connecting", received: false };

/** Another poller instance's update is taken; the same one's only when newer. */
function isNewer(known: SiteLive | null, update: SiteLive): boolean {
  return !known || known.polledBy !== update.polledBy || update.seq > known.seq;
}

function withPoint(recent: SitePoint[], update: SiteLive): SitePoint[] {
  const members = Object.fromEntries(update.members.filter((m) => m.status === "ok" && m.reading).map((m) => [m.device, m.rates]));
  if (Object.keys(members).length === 0 || recent.at(-1)?.at === update.atMs) return recent;
  const points = [...recent, { at: update.atMs, members }];
  return points.length > KEEP_POINTS ? points.slice(points.length - KEEP_POINTS) : points;
}

export function useSiteLive(siteId: string): SiteLiveView {
  const [view, setView] = useState<SiteLiveView>(FRESH);
  useEffect(() => {
    let current = FRESH;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const publish = (next: SiteLiveView) => {
      current = next;
      setView(next);
    };
    const open = () => {
      source = new EventSource(`/api/v1/sites/${encodeURIComponent(siteId)}/live`);
      const s = source;
      s.addEventListener("open", () => publish({ ...current, stream: "open" }));
      s.addEventListener("snapshot", (event) => {
        const data = JSON.parse((event as MessageEvent<string>).data) as { live: SiteLive | null; recent?: SitePoint[] };
        publish({ live: data.live, recent: (data.recent ?? []).slice(-KEEP_POINTS), stream: "open", received: true });
      });
      s.addEventListener("update", (event) => {
        const update = JSON.parse((event as MessageEvent<string>).data) as SiteLive;
        if (!isNewer(current.live, update)) return;
        publish({ live: update, recent: withPoint(current.recent, update), stream: "open", received: true });
      });
      s.addEventListener("error", () => {
        publish({ ...current, stream: "reconnecting" });
        if (s.readyState !== EventSource.CLOSED) return;
        retry = setTimeout(() => !stopped && open(), REOPEN_MS);
      });
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [siteId]);
  return view;
}
