"use client";
import { useEffect, useState } from "react";
import type { FleetRow } from "@/lib/domain/monitor/live";
import type { StreamState } from "../live/use-device-live";
import { sortFleet } from "./order";

export type FleetView = { rows: FleetRow[] | null; stream: StreamState };

/** How long to wait before reopening a stream the server closed (EventSource gives up on a non-200 answer). */
const REOPEN_MS = 5_000;

// Every device at a glance, by Server-Sent Events (GET /api/v1/fleet/live): a snapshot of every row, then one row each
// time a device's poll ends and "removed" when a device goes. Rows are kept worst first as they change.
export function useFleetLive(): FleetView {
  const [view, setView] = useState<FleetView>({ rows: null, stream: "connecting" });
  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const openStream = () => {
      source = new EventSource("/api/v1/fleet/live");
      source.addEventListener("open", () => setView((v) => ({ ...v, stream: "open" })));
      source.addEventListener("snapshot", (event) => {
        const { rows } = JSON.parse((event as MessageEvent<string>).data) as { rows: FleetRow[] };
        setView({ rows: sortFleet(rows), stream: "open" });
      });
      source.addEventListener("row", (event) => {
        const row = JSON.parse((event as MessageEvent<string>).data) as FleetRow;
        setView((v) => ({ stream: "open", rows: sortFleet([...(v.rows ?? []).filter((r) => r.deviceId !== row.deviceId), row]) }));
      });
      source.addEventListener("removed", (event) => {
        const { deviceId } = JSON.parse((event as MessageEvent<string>).data) as { deviceId: string };
        setView((v) => ({ ...v, rows: (v.rows ?? []).filter((r) => r.deviceId !== deviceId) }));
      });
      source.addEventListener("error", () => {
        setView((v) => ({ ...v, stream: "reconnecting" }));
        if (source?.readyState === EventSource.CLOSED && !stopped) retry = setTimeout(openStream, REOPEN_MS);
      });
    };
    openStream();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, []);
  return view;
}
