"use client";
import { useCallback, useEffect, useState } from "react";
import { api, ApiCallError } from "../api";
import { DrillProgress } from "./drill-progress";
import { DrillResults } from "./drill-results";
import { DrillTrend } from "./drill-trend";
import { StartDrill } from "./start-drill";
import type { DrillableLink, DrillRecord } from "./types";

const FOLLOW_MS = 500;

// The Drills tab: start a drill, follow it phase by phase, then the results and the trend per link. A drill runs
// on the server whatever this page does; the page only reads it.
export function DrillsScreen({ deviceId, links, canStart, initial }: { deviceId: string; links: DrillableLink[]; canStart: boolean; initial: DrillRecord[] }) {
  const [drills, setDrills] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const running = drills.find((d) => d.outcome === "running") ?? null;
  const [shown, setShown] = useState<string | null>(running?.id ?? null);

  const refresh = useCallback(async () => {
    try {
      setDrills(await api<DrillRecord[]>("GET", `/devices/${deviceId}/drills`));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiCallError ? e.failure.message : "the dashboard did not answer; check your connection");
    }
  }, [deviceId]);

  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => void refresh(), FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [running, refresh]);

  const current = drills.find((d) => d.id === shown) ?? null;
  return (
    <div className="space-y-6">
      {canStart ? (
        <StartDrill
          deviceId={deviceId}
          links={links}
          busy={running !== null}
          onStarted={(drill) => {
            setDrills((all) => [drill, ...all]);
            setShown(drill.id);
          }}
        />
      ) : (
        <p className="card text-sm text-slate-700">Drills are started by operators; you can follow them and read their results here.</p>
      )}
      {error && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          {error}
        </p>
      )}
      {current && <DrillProgress drill={current} />}
      {!current && running && <DrillProgress drill={running} />}
      <section className="space-y-3" aria-labelledby="drill-results-heading">
        <h2 id="drill-results-heading" className="font-semibold">
          Results
        </h2>
        <DrillResults drills={drills} />
      </section>
      <DrillTrend drills={drills} />
    </div>
  );
}
