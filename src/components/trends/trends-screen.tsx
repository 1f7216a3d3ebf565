"use client";
import type { Trends } from "@/lib/domain/monitor/history/trends";
import { LinkTrends, BackendTrends } from "./subject-trends";
import { StateTimeline } from "./state-timeline";
import { TrendRangeBar, useTrendRange } from "./trend-range";

// The Trends tab: a range (presets, a radio group: arrow keys move between them), then per link its traffic, new
// connections, up/down band and probe loss and RTT, per backend its new and open connections, and the state changes
// of the span. Everything comes from GET /devices/{id}/trends; the server picks the resolution for the span.

export function TrendsScreen({ deviceId }: { deviceId: string }) {
  const range = useTrendRange<Trends>(
    deviceId,
    (id, chosen) => {
      const to = new Date();
      const query = new URLSearchParams({ from: new Date(to.getTime() - chosen.ms).toISOString(), to: to.toISOString() });
      return `/devices/${encodeURIComponent(id)}/trends?${query}`;
    },
    "The trends could not be loaded. Is the dashboard reachable?",
  );
  const { view, span, problem } = range;

  return (
    <div className="space-y-6">
      <TrendRangeBar range={range} name="trend-range" testIds />
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
