"use client";
import { useMemo } from "react";
import type { Trends } from "@/lib/domain/monitor/history/trends";
import { StateBand } from "./state-band";
import { type ChartLine, TrendChart } from "./trend-chart";
import type { Unit } from "./words";

// One card per link (traffic, new connections, the up/down band with probe loss and RTT under it) and per backend
// (new and open connections). At minute and hour resolution a line is the average and its `.max` column the peak.

type Series = Record<string, (number | null)[]>;

const line = (series: Series, metric: string, label: string, unit: Unit, tone: ChartLine["tone"], axis?: "right"): ChartLine => ({
  label,
  unit,
  tone,
  axis,
  values: series[metric] ?? [],
  peaks: series[`${metric}.max`],
});

export function LinkTrends({
  link,
  times,
  fromMs,
  toMs,
  span,
}: {
  link: Trends["links"][number];
  times: number[];
  fromMs: number;
  toMs: number;
  span: string;
}) {
  const charts = useMemo(() => {
    const s = link.series;
    return {
      traffic: [line(s, "inBitsPerSecond", "in", "bits", "sky"), line(s, "outBitsPerSecond", "out", "bits", "emerald")],
      connections: [line(s, "newPerSecond", "new connections", "perSecond", "amber"), line(s, "openConnections", "open connections", "count", "sky", "right")],
      probe: [line(s, "lossPercent", "probe loss", "percent", "rose"), line(s, "rttMs", "round-trip time", "ms", "sky", "right")],
    };
  }, [link.series]);
  const headingId = `trend-link-${link.name}`;
  return (
    <section aria-labelledby={headingId} className="card space-y-4" data-testid="link-trends">
      <h2 id={headingId} className="text-lg font-semibold">
        Link {link.name}
      </h2>
      <div className="grid gap-4 lg:grid-cols-2">
        <TrendChart title="Traffic (bits/s)" times={times} lines={charts.traffic} span={span} fromSec={fromMs / 1000} toSec={toMs / 1000} />
        <TrendChart title="Connections" times={times} lines={charts.connections} span={span} fromSec={fromMs / 1000} toSec={toMs / 1000} />
      </div>
      <StateBand link={link.name} bands={link.bands} fromMs={fromMs} toMs={toMs} />
      <TrendChart
        title="Probe loss and round-trip time"
        times={times}
        lines={charts.probe}
        span={span}
        fromSec={fromMs / 1000}
        toSec={toMs / 1000}
        height={140}
      />
    </section>
  );
}

export function BackendTrends({
  backend,
  times,
  fromMs,
  toMs,
  span,
}: {
  backend: Trends["backends"][number];
  times: number[];
  fromMs: number;
  toMs: number;
  span: string;
}) {
  const lines = useMemo(
    () => [
      line(backend.series, "newPerSecond", "new connections", "perSecond", "amber"),
      line(backend.series, "openConnections", "open connections", "count", "sky", "right"),
    ],
    [backend.series],
  );
  return (
    <section aria-label={`Backend ${backend.key}`} className="card min-w-0" data-testid="backend-trends">
      <TrendChart title={`Backend ${backend.key}`} times={times} lines={lines} span={span} fromSec={fromMs / 1000} toSec={toMs / 1000} height={150} />
    </section>
  );
}
