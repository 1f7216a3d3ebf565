"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiCallError, api } from "@/components/api";
import { formatDateTime } from "@/components/format-time";
import { StateBand } from "@/components/trends/state-band";
import { type ChartLine, TrendChart } from "@/components/trends/trend-chart";
import { PRESETS, type PresetId, RESOLUTION_WORDS, stateLook, type Unit } from "@/components/trends/words";
import type { SiteTrends as Trends } from "@/lib/domain/site/trends";
import { ROLE_WORDS } from "./words";

// The site's recorded history (GET /sites/{id}/trends, written by the monitor each poll): per member its traffic
// and connections with what its role adds (buckets owned, BGP sessions up, next hops) and its state band, per server
// behind the edge what the edge forwarded, and the node, route and BGP changes of the span.

type Series = Record<string, (number | null)[]>;
const line = (series: Series, metric: string, label: string, unit: Unit, tone: ChartLine["tone"], axis?: "right"): ChartLine => ({
  label,
  unit,
  tone,
  axis,
  values: series[metric] ?? [],
  peaks: series[`${metric}.max`],
});

const TRAFFIC_WORD: Record<Trends["members"][number]["role"], string> = { "vip-node": "answered", "anycast-server": "served", "anycast-edge": "forwarded" };

export function SiteTrends({ siteId }: { siteId: string }) {
  const [preset, setPreset] = useState<PresetId>("1h");
  const [trends, setTrends] = useState<{ data: Trends; span: string } | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const chosen = PRESETS.find((p) => p.id === preset) ?? PRESETS[1];

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      const data = await api<Trends>("GET", `/sites/${encodeURIComponent(siteId)}/trends?range=${chosen.id}`);
      setTrends({ data, span: `the last ${chosen.label}` });
    } catch (error) {
      setProblem(error instanceof ApiCallError ? error.failure.message : "The history could not be loaded. Is the dashboard reachable?");
    } finally {
      setLoading(false);
    }
  }, [siteId, chosen.id, chosen.label]);

  useEffect(() => {
    void load();
  }, [load]);

  const view = useMemo(() => (trends ? { ...trends.data, fromMs: Date.parse(trends.data.from), toMs: Date.parse(trends.data.to) } : null), [trends]);
  const span = trends?.span ?? `the last ${chosen.label}`;
  const x = view ? { times: view.times, span, fromSec: view.fromMs / 1000, toSec: view.toMs / 1000 } : null;

  return (
    <section className="card space-y-4" aria-labelledby="site-trends-title" data-testid="site-trends">
      <h2 id="site-trends-title" className="text-lg font-semibold">
        History
      </h2>
      <div className="flex flex-wrap items-end gap-3">
        <fieldset className="min-w-0">
          <legend className="label mb-1">Range</legend>
          <div className="flex flex-wrap gap-1">
            {PRESETS.map((p) => (
              <label
                key={p.id}
                className="btn-secondary cursor-pointer has-checked:border-sky-700 has-checked:bg-sky-50 has-checked:text-sky-900 has-focus-visible:ring-2 has-focus-visible:ring-sky-600"
              >
                <input type="radio" name="site-trend-range" value={p.id} checked={preset === p.id} onChange={() => setPreset(p.id)} className="sr-only" />
                {p.label}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="button" className="btn-secondary" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
      </div>
      <p className="text-sm text-slate-600" aria-live="polite">
        {loading
          ? `Loading the last ${chosen.label}…`
          : view
            ? `Showing ${span}, ${RESOLUTION_WORDS[view.resolution] ?? view.resolution}: ${view.times.length.toLocaleString("en-US")} points.`
            : ""}
      </p>
      {problem && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          {problem}
        </p>
      )}
      {view && x && view.times.length === 0 && view.events.length === 0 && (
        <p className="text-sm text-slate-700" data-testid="site-trends-empty">
          Nothing was recorded in {span}. The monitor records the site every poll once it is on a device.
        </p>
      )}
      {view && x && view.times.length > 0 && (
        <div className="space-y-4">
          {view.members.map((m) => {
            const s = m.series;
            const own =
              m.role === "vip-node"
                ? [line(s, "bucketsOwned", "buckets owned", "count", "amber")]
                : m.role === "anycast-edge"
                  ? [line(s, "nexthops", "next hops", "count", "amber"), line(s, "sessionsUp", "BGP sessions up", "count", "sky", "right")]
                  : [line(s, "sessionsUp", "BGP sessions up", "count", "amber")];
            return (
              <article key={m.device} className="space-y-3 rounded-md border border-slate-200 p-3" aria-labelledby={`trend-${m.device}`}>
                <h3 id={`trend-${m.device}`} className="font-semibold">
                  {m.deviceName} <span className="font-normal text-slate-600">· {ROLE_WORDS[m.role]}</span>
                </h3>
                <div className="grid gap-4 lg:grid-cols-2">
                  {m.role !== "anycast-edge" && (
                    <TrendChart
                      title={`Traffic ${TRAFFIC_WORD[m.role]} (bits/s)`}
                      lines={[
                        line(s, "bitsPerSecond", TRAFFIC_WORD[m.role], "bits", "sky"),
                        line(s, "openConnections", "open connections", "count", "emerald", "right"),
                      ]}
                      {...x}
                    />
                  )}
                  <TrendChart title={m.role === "vip-node" ? "Buckets" : "Routing"} lines={own} {...x} height={140} />
                </div>
                <StateBand link={m.deviceName} bands={m.bands} fromMs={view.fromMs} toMs={view.toMs} />
              </article>
            );
          })}
          {view.nexthops.length > 0 && (
            <TrendChart
              title="Forwarded by the edge per server (bits/s)"
              lines={view.nexthops.map((h, i) =>
                line(h.series, "bitsPerSecond", h.serverName ?? h.server, "bits", (["sky", "emerald", "amber", "rose"] as const)[i % 4] ?? "sky"),
              )}
              {...x}
            />
          )}
        </div>
      )}
      {view && view.events.length > 0 && (
        <section aria-labelledby="site-trend-events" className="space-y-1">
          <h3 id="site-trend-events" className="font-semibold">
            Changes in {span}
          </h3>
          <ol className="space-y-0.5 text-sm" data-testid="site-trend-events">
            {[...view.events].reverse().map((e) => (
              <li key={`${e.at}-${e.device}-${e.name}-${e.state}`}>
                <span className="text-slate-600">{formatDateTime(e.at)}</span> {e.deviceName}:{" "}
                {e.subject === "bgp" ? `BGP ${e.name.split("/")[1] ?? e.name}` : e.subject} <span className="font-medium">{stateLook(e.state).word}</span>
                {e.previous ? ` (was ${stateLook(e.previous).word})` : ""}
                {e.detail ? ` — ${e.detail}` : ""}
              </li>
            ))}
          </ol>
        </section>
      )}
    </section>
  );
}
