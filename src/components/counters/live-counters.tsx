"use client";
import { useId, useMemo, useState } from "react";
import { formatTime } from "../format-time";
import { ruleRates } from "../policy/device-state/rates";
import { LinkHealthNote, LinkHealthTable, type LinkFacts } from "./link-health";
import { ResetCountersButton } from "./reset-counters";
import { matchesFilter, RuleChains } from "./rule-chains";
import { refreshDeviceReading, useDeviceReading, type Readings } from "./use-device-reading";

const POLL_MS = 2_000;

// The live counters page: link health, then every rule of the chains Waymark uses (the admin's own too) with its
// counters and rates, refreshed every 2 s; a filter box; Waymark's counters reset by an operator. A failed read
// says why and keeps the last good reading on screen.
export function LiveCounters({ deviceId, links, canReset }: { deviceId: string; links: LinkFacts[]; canReset: boolean }) {
  const { data, error } = useDeviceReading(deviceId, POLL_MS);
  if (!data)
    return error ? (
      <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="state-error">
        {error}
      </p>
    ) : (
      <p className="text-sm text-slate-600" role="status">
        Reading the device…
      </p>
    );
  return <CountersView deviceId={deviceId} readings={data} error={error} links={links} canReset={canReset} />;
}

function CountersView({
  deviceId,
  readings,
  error,
  links,
  canReset,
}: {
  deviceId: string;
  readings: Readings;
  error: string | null;
  links: LinkFacts[];
  canReset: boolean;
}) {
  const { current, previous } = readings;
  const [filter, setFilter] = useState("");
  const filterId = useId();
  const rates = useMemo(() => ruleRates(current, previous), [current, previous]);
  const shown = current.rules.filter((r) => matchesFilter(r, filter));
  const owned = current.rules.filter((r) => r.ownedByWaymark).length;
  return (
    <div className="space-y-6">
      {error && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="state-error">
          The last read failed. {error.replace(/\.$/, "")}. Showing the reading of {formatTime(current.readAtMs)}.
        </p>
      )}
      <section className="card space-y-3" aria-labelledby="links-heading">
        <h2 id="links-heading" className="font-semibold">
          Link health
        </h2>
        <LinkHealthTable reading={current} facts={links} />
        <LinkHealthNote reading={current} />
      </section>
      <section className="card space-y-4" aria-labelledby="rules-heading">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="rules-heading" className="font-semibold">
              Rules and counters
            </h2>
            <p className="text-sm text-slate-600">
              {current.rules.length} rules, {owned} of them Waymark&apos;s; the others are your own and are never changed.
            </p>
          </div>
          {canReset && <ResetCountersButton deviceId={deviceId} onReset={() => void refreshDeviceReading(deviceId).catch(() => undefined)} />}
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
          {filter ? `${shown.length} of ${current.rules.length} rules match` : ""}
        </p>
        {shown.length === 0 ? (
          <p className="text-sm text-slate-600">{current.rules.length === 0 ? "The device lists no rules in these chains." : "No rule matches the filter."}</p>
        ) : (
          <RuleChains rules={shown} rates={rates} headingLevel="h3" />
        )}
        <p className="text-xs text-slate-500" data-testid="counters-footer">
          Read {formatTime(current.readAtMs)}; refreshes every {POLL_MS / 1000} s. Rates are measured between the last two readings; a counter that went down
          was reset and counts from zero.
        </p>
      </section>
    </div>
  );
}
