"use client";
import Link from "next/link";
import type { DeviceReading } from "@/lib/domain/device/reading";
import { RuleChains } from "../../counters/rule-chains";
import { formatTime } from "../../format-time";
import { LiveStatus } from "../../live/live-status";
import { type LiveView, useDeviceLive } from "../../live/use-device-live";
import { BackendTable } from "./backend-table";
import { DriftNotice } from "./drift-notice";
import { LinkTable } from "./link-table";

// What the device does with Waymark's plan, live from the monitor (Server-Sent Events), the same for every kind of
// device: links, backends and rules with their counters, the rates the monitor measured, drift and the health
// watcher. A failed poll says why and keeps the last good reading on screen.
export function DeviceStatePanel({ deviceId }: { deviceId: string }) {
  const view = useDeviceLive(deviceId);
  const reading = view.live?.reading;
  return (
    <div className="space-y-3">
      <LiveStatus view={view} />
      {reading && <ReadingView deviceId={deviceId} view={view} reading={reading} />}
    </div>
  );
}

function ReadingView({ deviceId, view, reading: current }: { deviceId: string; view: LiveView; reading: DeviceReading }) {
  const rates = view.live?.rates;
  const readAt = formatTime(current.readAtMs);
  return (
    <div className="space-y-4">
      <DriftNotice drift={current.drift} />
      {!current.watcher.running && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="watcher-stopped">
          <span className="font-medium">The health watcher is not running, so failover will not happen.</span> {capitalise(current.watcher.detail)}.
        </p>
      )}
      <LinkTable reading={current} rates={rates?.links ?? {}} recent={view.recent} />
      {current.backends.length > 0 && (
        <section className="space-y-2">
          <h3 className="text-sm font-semibold">Backends</h3>
          <BackendTable reading={current} rates={rates?.backends ?? {}} />
        </section>
      )}
      <section className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h3 className="text-sm font-semibold">Waymark&apos;s rules</h3>
          <Link href={`/devices/${deviceId}/counters`} className="text-sm text-sky-700 hover:underline">
            Every rule, your own too: live counters →
          </Link>
        </div>
        <RuleChains rules={current.rules.filter((r) => r.ownedByWaymark && r.packets !== null)} rates={rates?.rules ?? {}} headingLevel="h4" />
      </section>
      <p className="text-xs text-slate-500" data-testid="state-footer">
        {[current.device.identity, current.device.softwareVersion].filter(Boolean).join(" · ")}
        {current.device.identity || current.device.softwareVersion ? " · " : ""}
        Read {readAt}; the dashboard reads the device every {(view.live?.intervalMs ?? 2_000) / 1000} s.
      </p>
    </div>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
