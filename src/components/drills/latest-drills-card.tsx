"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { api } from "../api";
import { formatDateTime } from "../format-time";
import { OutcomeBadge } from "./outcome-badge";
import type { DrillRecord } from "./types";
import { seconds, switchText } from "./words";

// The overview's word on failover drills: the latest drill of each link, with a way to the Drills tab.
export function LatestDrillsCard({ deviceId, show }: { deviceId: string; show: boolean }) {
  const [drills, setDrills] = useState<DrillRecord[] | null>(null);
  useEffect(() => {
    if (!show) return;
    api<DrillRecord[]>("GET", `/devices/${deviceId}/drills`)
      .then(setDrills)
      .catch(() => setDrills([]));
  }, [deviceId, show]);
  if (!show) return null;
  // Newest first from the API: the first ended drill of each link is its latest.
  const ended = (drills ?? []).filter((d) => d.outcome !== "running");
  const perLink = [...new Set(ended.map((d) => d.link))].map((link) => ended.find((d) => d.link === link)!);
  return (
    <section className="card space-y-3" aria-labelledby="latest-drills-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="latest-drills-heading" className="font-semibold">
          Failover drills
        </h2>
        <Link href={`/devices/${deviceId}/drills`} className="text-sm text-sky-700 hover:underline">
          Drills and trend →
        </Link>
      </div>
      {drills === null ? (
        <p className="text-sm text-slate-600">Loading the latest drills…</p>
      ) : perLink.length === 0 ? (
        <p className="text-sm text-slate-600">No drill yet: test how long this device takes to fail each link over.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="latest-drills">
          {perLink.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <span className="font-mono font-medium">{d.link}</span>
              <OutcomeBadge outcome={d.outcome} />
              <span>
                detection {seconds(d.detectionMs)}, switch {switchText(d)}
              </span>
              <span className="text-xs text-slate-500">{formatDateTime(d.startedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
