"use client";
import { useId, useState } from "react";
import type { DeviceReading } from "@/lib/domain/device/reading";
import type { RatePoint, RuleRates } from "@/lib/domain/monitor/live";
import { formatTime } from "../format-time";
import { LiveStatus } from "../live/live-status";
import { seriesOf } from "../live/series";
import { Sparkline } from "../live/sparkline";
import { type LiveView, useDeviceLive } from "../live/use-device-live";
import { LinkHealthNote, LinkHealthTable, type LinkFacts } from "./link-health";
import { ResetCountersButton } from "./reset-counters";
import { matchesFilter, RuleChains } from "./rule-chains";
import type { ExtraColumn } from "./rule-counter-table";

// The live counters page: link health, then every rule of the chains Waymark uses (the admin's own too) with its
// counters, the rates the monitor measured and a sparkline of the last minutes, live by Server-Sent Events; a filter
// box; Waymark's counters reset by an operator. A failed poll says why and keeps the last good reading on screen.
export function LiveCounters({ deviceId, links, canReset }: { deviceId: string; links: LinkFacts[]; canReset: boolean }) {
  const view = useDeviceLive(deviceId);
  const reading = view.live?.reading;
  return (
    <div className="space-y-4">
      <LiveStatus view={view} />
      {reading ? (
        <CountersView deviceId={deviceId} view={view} reading={reading} links={links} canReset={canReset} />
      ) : (
        <p className="text-sm text-slate-600">The counters appear with the monitor&apos;s first reading of the device.</p>
      )}
    </div>
  );
}

function sparklineColumn(recent: readonly RatePoint[]): ExtraColumn {
  return {
    header: "Last minutes",
    render: (rule) => <Sparkline series={seriesOf(recent, (r) => r.rules[rule.key]?.bitsPerSecond)} label={`Bits per second of rule ${rule.number}`} />,
  };
}

function CountersView({
  deviceId,
  view,
  reading,
  links,
  canReset,
}: {
  deviceId: string;
  view: LiveView;
  reading: DeviceReading;
  links: LinkFacts[];
  canReset: boolean;
}) {
  const [filter, setFilter] = useState("");
  const filterId = useId();
  const rates: Readonly<Record<string, RuleRates>> = view.live?.rates?.rules ?? {};
  const shown = reading.rules.filter((r) => matchesFilter(r, filter));
  const owned = reading.rules.filter((r) => r.ownedByWaymark).length;
  const intervalS = (view.live?.intervalMs ?? 2_000) / 1000;
  return (
    <div className="space-y-6">
      <section className="card space-y-3" aria-labelledby="links-heading">
        <h2 id="links-heading" className="font-semibold">
          Link health
        </h2>
        <LinkHealthTable reading={reading} facts={links} />
        <LinkHealthNote reading={reading} />
      </section>
      <section className="card space-y-4" aria-labelledby="rules-heading">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="rules-heading" className="font-semibold">
              Rules and counters
            </h2>
            <p className="text-sm text-slate-600">
              {reading.rules.length} rules, {owned} of them Waymark&apos;s; the others are your own and are never changed.
            </p>
          </div>
          {canReset && <ResetCountersButton deviceId={deviceId} onReset={() => undefined} />}
        </div>
        <div className="max-w-sm">
          <label htmlFor={filterId} className="label">
            Filter rules
          </label>
          <input
            id={filterId}
            type="search"
            className="input"
            placeholder="wan1, masquerade, waymark…"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
        <p className="sr-only" aria-live="polite">
          {filter ? `${shown.length} of ${reading.rules.length} rules match` : ""}
        </p>
        {shown.length === 0 ? (
          <p className="text-sm text-slate-600">{reading.rules.length === 0 ? "The device lists no rules in these chains." : "No rule matches the filter."}</p>
        ) : (
          <RuleChains rules={shown} rates={rates} headingLevel="h3" extraColumns={[sparklineColumn(view.recent)]} />
        )}
        <p className="text-xs text-slate-500" data-testid="counters-footer">
          Read {formatTime(reading.readAtMs)}; the dashboard reads the device every {intervalS} s and shows each reading as it arrives. Rates are measured
          between the last two readings; a counter that went down was reset and counts from zero. The small charts show bits per second over the last minutes.
        </p>
      </section>
    </div>
  );
}
