"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { Trends } from "@/lib/domain/monitor/history/trends";
import { ApiCallError, api } from "@/components/api";
import { LinkTrends, BackendTrends } from "./subject-trends";
import { StateTimeline } from "./state-timeline";
import { PRESETS, type PresetId, RESOLUTION_WORDS } from "./words";

// The Trends tab: a range (presets, a radio group: arrow keys move between them), then per link its traffic, new
// connections, up/down band and probe loss and RTT, per backend its new and open connections, and the state changes
// of the span. Everything comes from GET /devices/{id}/trends; the server picks the resolution for the span.

export function TrendsScreen({ deviceId }: { deviceId: string }) {
  const [preset, setPreset] = useState<PresetId>("1h");
  // The reply with the range it answers, so a range being loaded never labels the previous range's points.
  const [trends, setTrends] = useState<{ data: Trends; span: string } | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const chosen = PRESETS.find((p) => p.id === preset)!;

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    const to = new Date();
    const from = new Date(to.getTime() - chosen.ms);
    try {
      const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
      const data = await api<Trends>("GET", `/devices/${encodeURIComponent(deviceId)}/trends?${query}`);
      setTrends({ data, span: `the last ${chosen.label}` });
    } catch (error) {
      setProblem(error instanceof ApiCallError ? error.failure.message : "The trends could not be loaded. Is the dashboard reachable?");
    } finally {
      setLoading(false);
    }
  }, [deviceId, chosen.ms, chosen.label]);

  useEffect(() => {
    void load();
  }, [load]);

  const view = useMemo(() => (trends ? { ...trends.data, fromMs: Date.parse(trends.data.from), toMs: Date.parse(trends.data.to) } : null), [trends]);
  const span = trends?.span ?? `the last ${chosen.label}`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-3">
        <fieldset className="min-w-0">
          <legend className="label mb-1">Range</legend>
          <div className="flex flex-wrap gap-1" data-testid="trend-range">
            {PRESETS.map((p) => (
              <label
                key={p.id}
                className="btn-secondary cursor-pointer has-checked:border-sky-700 has-checked:bg-sky-50 has-checked:text-sky-900 has-focus-visible:ring-2 has-focus-visible:ring-sky-600"
              >
                <input type="radio" name="trend-range" value={p.id} checked={preset === p.id} onChange={() => setPreset(p.id)} className="sr-only" />
                {p.label}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="button" className="btn-secondary" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
      </div>

      <p className="text-sm text-slate-600" aria-live="polite" data-testid="trend-status">
        {loading
          ? `Loading the last ${chosen.label}…`
          : view
            ? `Showing ${span}, ${RESOLUTION_WORDS[view.resolution] ?? view.resolution}: ${view.times.length.toLocaleString("en-US")} points.`
            : ""}
      </p>
      {problem ? (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          {problem}
        </p>
      ) : null}

      {view && view.times.length === 0 && view.events.length === 0 ? (
        <p className="card text-sm text-slate-700" data-testid="trends-empty">
          Nothing was recorded in {span}. The monitor records every poll of a monitored device once Waymark&apos;s policy is on it; pick a longer range, or come
          back after a few polls.
        </p>
      ) : null}

      {view ? view.links.map((link) => <LinkTrends key={link.name} link={link} times={view.times} fromMs={view.fromMs} toMs={view.toMs} span={span} />) : null}
      {view && view.backends.length > 0 ? (
        <section aria-labelledby="trend-backends" className="space-y-3">
          <h2 id="trend-backends" className="text-lg font-semibold">
            Backends
          </h2>
          <div className="grid gap-4 md:grid-cols-2">
            {view.backends.map((b) => (
              <BackendTrends key={b.key} backend={b} times={view.times} fromMs={view.fromMs} toMs={view.toMs} span={span} />
            ))}
          </div>
        </section>
      ) : null}
      {view ? <StateTimeline events={view.events} span={span} /> : null}
    </div>
  );
}
