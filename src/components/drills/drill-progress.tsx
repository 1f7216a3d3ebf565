"use client";
import { formatTime } from "../format-time";
import { OutcomeBadge } from "./outcome-badge";
import type { DrillRecord } from "./types";
import { phaseText } from "./words";

// The running (or last) drill, phase by phase as the device reported them: blocked → detected after 1.2 s →
// switched after 1.4 s → restored → recovered. Announced as it changes.
export function DrillProgress({ drill }: { drill: DrillRecord }) {
  const phases = drill.events.filter((e) => e.phase !== "started");
  const blocked = drill.events.find((e) => e.phase === "blocked");
  const restored = drill.events.some((e) => e.phase === "restored");
  return (
    <section className="card space-y-3" aria-labelledby="drill-progress-heading" data-testid="drill-progress">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="drill-progress-heading" className="font-semibold">
          Drill of {drill.link} ({drill.durationS} s)
        </h2>
        <OutcomeBadge outcome={drill.outcome} />
      </div>
      <ol className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm" aria-live="polite">
        {phases.length === 0 && <li className="text-slate-600">Reading the device before the block…</li>}
        {phases.map((event, i) => (
          <li key={`${event.phase}-${event.at}`} className="flex items-center gap-2" data-phase={event.phase}>
            {i > 0 && <span aria-hidden="true">→</span>}
            <span className={event.phase === "failed" ? "text-rose-800" : "text-slate-800"}>{phaseText(event)}</span>
            <span className="text-xs text-slate-500">{formatTime(event.at)}</span>
          </li>
        ))}
      </ol>
      {drill.outcome === "running" && blocked && !restored && (
        <p className="text-sm text-slate-600">The answers are let through again at {formatTime(Date.parse(blocked.at) + drill.durationS * 1000)}.</p>
      )}
      {drill.outcome !== "running" && drill.detail && <p className="text-sm text-slate-700">{drill.detail}</p>}
    </section>
  );
}
