"use client";
import Link from "next/link";
import { useMemo } from "react";
import { RuleChains } from "../../counters/rule-chains";
import { useDeviceReading, type Readings } from "../../counters/use-device-reading";
import { formatTime } from "../../format-time";
import { BackendTable } from "./backend-table";
import { DriftNotice } from "./drift-notice";
import { LinkTable } from "./link-table";
import { backendRates, linkRates, ruleRates } from "./rates";

const POLL_MS = 3_000;

// What the device does with Waymark's plan, read back every few seconds, the same for every kind of device:
// links, backends and rules with their counters, rates between the last two readings, drift and the health
// watcher. A failed read says why and keeps the last good reading on screen.
export function DeviceStatePanel({ deviceId }: { deviceId: string }) {
  const { data, error } = useDeviceReading(deviceId, POLL_MS);

  if (!data) {
    if (error)
      return (
        <p role="alert" className="text-sm text-rose-800" data-testid="state-error">
          {error}
        </p>
      );
    return (
      <p className="text-sm text-slate-600" role="status">
        Reading the device…
      </p>
    );
  }
  return <ReadingView deviceId={deviceId} readings={data} error={error} />;
}

function ReadingView({ deviceId, readings, error }: { deviceId: string; readings: Readings; error: string | null }) {
  const { current, previous } = readings;
  const links = useMemo(() => linkRates(current, previous), [current, previous]);
  const rules = useMemo(() => ruleRates(current, previous), [current, previous]);
  const backends = useMemo(() => backendRates(current, previous), [current, previous]);
  const readAt = formatTime(current.readAtMs);
  return (
    <div className="space-y-4">
      {error && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="state-error">
          The last read failed. {error.replace(/\.$/, "")}. Showing the reading of {readAt}.
        </p>
      )}
      <DriftNotice drift={current.drift} />
      {!current.watcher.running && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="watcher-stopped">
          <span className="font-medium">The health watcher is not running, so failover will not happen.</span> {capitalise(current.watcher.detail)}.
        </p>
      )}
      <LinkTable reading={current} rates={links} />
      {current.backends.length > 0 && (
        <section className="space-y-2">
          <h3 className="text-sm font-semibold">Backends</h3>
          <BackendTable reading={current} rates={backends} />
        </section>
      )}
      <section className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h3 className="text-sm font-semibold">Waymark&apos;s rules</h3>
          <Link href={`/devices/${deviceId}/counters`} className="text-sm text-sky-700 hover:underline">
            Every rule, your own too: live counters →
          </Link>
        </div>
        <RuleChains rules={current.rules.filter((r) => r.ownedByWaymark && r.packets !== null)} rates={rules} headingLevel="h4" />
      </section>
      <p className="text-xs text-slate-500" data-testid="state-footer">
        {[current.device.identity, current.device.softwareVersion].filter(Boolean).join(" · ")}
        {current.device.identity || current.device.softwareVersion ? " · " : ""}
        Read {readAt}; refreshes every {POLL_MS / 1000} s.
      </p>
    </div>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
