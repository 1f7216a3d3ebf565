"use client";
import type { TrendEvent } from "@/lib/domain/monitor/history/trends";
import { formatDateTime } from "@/components/format-time";
import { stateLook } from "./words";
import { formatValue } from "./words";

// The state changes of the span, newest first: links and backends going up, degraded or down (with the probe's
// loss and RTT at the change, where the device measures them), the device becoming unreachable, drift, and as a
// site member its node dead or alive, its anycast route withdrawn or announced, a BGP session down or up.

const SUBJECT = {
  link: "Link",
  backend: "Backend",
  device: "Device",
  node: "Shared VIP node of site",
  route: "Anycast route of site",
  bgp: "BGP session",
} as const;

function what(e: TrendEvent): string {
  if (e.subject !== "device") return `${SUBJECT[e.subject]} ${e.name}`;
  return e.name === "drift" ? "Device configuration" : "Device polling";
}

function State({ state }: { state: string | null }) {
  if (state === null) return <span>—</span>;
  const look = stateLook(state);
  return (
    <span className={`inline-block rounded px-1.5 whitespace-nowrap ${look.className}`}>
      <span aria-hidden="true">{look.sign} </span>
      {look.word}
    </span>
  );
}

export function StateTimeline({ events, span }: { events: TrendEvent[]; span: string }) {
  const newestFirst = [...events].reverse();
  return (
    <section aria-labelledby="trend-timeline" className="space-y-2" data-testid="state-timeline">
      <h2 id="trend-timeline" className="text-lg font-semibold">
        State changes
      </h2>
      {newestFirst.length === 0 ? (
        <p className="text-sm text-slate-600">No link, backend or device changed state in {span}.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus so a keyboard user can scroll it; the region's name says what it holds
        <section aria-label={`State changes in ${span}`} tabIndex={0} className="relative overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <thead className="text-xs text-slate-600">
              <tr>
                <th scope="col" className="py-1 pr-4 font-medium">
                  When
                </th>
                <th scope="col" className="py-1 pr-4 font-medium">
                  What
                </th>
                <th scope="col" className="py-1 pr-4 font-medium">
                  Change
                </th>
                <th scope="col" className="py-1 pr-4 text-right font-medium">
                  Probe loss
                </th>
                <th scope="col" className="py-1 pr-4 text-right font-medium">
                  RTT
                </th>
                <th scope="col" className="py-1 font-medium">
                  Detail
                </th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((e) => (
                <tr key={`${e.at}-${e.subject}-${e.name}-${e.state}`} className="border-t border-slate-100" data-testid="state-change">
                  <td className="py-1 pr-4 whitespace-nowrap">{formatDateTime(e.at)}</td>
                  <td className="py-1 pr-4 whitespace-nowrap">{what(e)}</td>
                  <td className="py-1 pr-4 whitespace-nowrap">
                    <State state={e.previous} /> <span aria-hidden="true">→</span>
                    <span className="sr-only"> to </span> <State state={e.state} />
                  </td>
                  <td className="py-1 pr-4 text-right tabular-nums">{formatValue("percent", e.lossPercent)}</td>
                  <td className="py-1 pr-4 text-right tabular-nums">{formatValue("ms", e.rttMs)}</td>
                  <td className="py-1 text-slate-600">{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
