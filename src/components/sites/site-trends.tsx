"use client";
import { formatDateTime } from "@/components/format-time";
import { StateBand } from "@/components/trends/state-band";
import { type ChartLine, TrendChart } from "@/components/trends/trend-chart";
import { TrendRangeBar, useTrendRange } from "@/components/trends/trend-range";
import { stateLook, type Unit } from "@/components/trends/words";
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
  const range = useTrendRange<Trends>(
    siteId,
    (id, chosen) => `/sites/${encodeURIComponent(id)}/trends?range=${chosen.id}`,
    "The history could not be loaded. Is the dashboard reachable?",
  );
  const { view, span, problem } = range;
  const x = view ? { times: view.times, span, fromSec: view.fromMs / 1000, toSec: view.toMs / 1000 } : null;

  return (
    <section className="card space-y-4" aria-labelledby="site-trends-title" data-testid="site-trends">
      <h2 id="site-trends-title" className="text-lg font-semibold">
        History
      </h2>
      <TrendRangeBar range={range} name="site-trend-range" />
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
