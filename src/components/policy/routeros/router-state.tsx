"use client";
import { useRef } from "react";
import { usePolling } from "@/hooks/use-polling";
import { api } from "../../api";
import { DriftNotice } from "./drift-notice";
import { LinkSummary } from "./link-summary";
import { LinkTable } from "./link-table";
import { RuleTable } from "./rule-table";
import type { RouterStateView } from "./types";

const POLL_MS = 3_000;

// What the router does with Waymark's plan, read back every few seconds: per link (netwatch, routes, traffic,
// connections) and per rule (counters and their rate since the previous reading).
export function RouterStatePanel({ deviceId }: { deviceId: string }) {
  const { data, error } = usePolling<RouterStateView>(() => api<RouterStateView>("GET", `/devices/${deviceId}/state`), POLL_MS);
  const previous = usePrevious(data);
  if (error && !data) return <p className="text-sm text-slate-600">{error}</p>;
  if (!data) return <p className="text-sm text-slate-500">Reading the router…</p>;
  return (
    <div className="space-y-4">
      {error && <p role="alert" className="text-sm text-amber-800">Last read failed: {error}; showing the reading of {new Date(data.readAtMs).toLocaleTimeString()}.</p>}
      <DriftNotice entries={data.driftEntries} />
      <LinkSummary state={data} previous={previous} />
      <LinkTable state={data} />
      <RuleTable state={data} previous={previous} />
      <p className="text-xs text-slate-500">
        {data.identity} · RouterOS {data.version} · read {new Date(data.readAtMs).toLocaleTimeString()}; refreshes every {POLL_MS / 1000} s.
      </p>
    </div>
  );
}

/** The reading before the current one, for rates. */
function usePrevious(data: RouterStateView | null): RouterStateView | null {
  const readings = useRef<{ last: RouterStateView | null; before: RouterStateView | null }>({ last: null, before: null });
  if (data && data !== readings.current.last) readings.current = { last: data, before: readings.current.last };
  return readings.current.before;
}
