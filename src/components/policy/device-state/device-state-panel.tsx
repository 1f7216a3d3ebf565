"use client";
import { useMemo, useRef } from "react";
import type { DeviceReading } from "@/lib/domain/device/reading";
import { usePolling } from "@/hooks/use-polling";
import { api, ApiCallError } from "../../api";
import { BackendTable } from "./backend-table";
import { DriftNotice } from "./drift-notice";
import { LinkTable } from "./link-table";
import { backendRates, linkRates, rulePacketRates } from "./rates";
import { RuleTable } from "./rule-table";
import { describeReadFailure } from "./words";

const POLL_MS = 3_000;

type Readings = { current: DeviceReading; previous: DeviceReading | null };

// What the device does with Waymark's plan, read back every few seconds, the same for every kind of device:
// links, backends and rules with their counters, rates between the last two readings, drift and the health
// watcher. A failed read says why and keeps the last good reading on screen.
export function DeviceStatePanel({ deviceId }: { deviceId: string }) {
  const last = useRef<DeviceReading | null>(null);
  const { data, error } = usePolling<Readings>(async () => {
    const current = await readState(deviceId);
    const readings = { current, previous: last.current };
    last.current = current;
    return readings;
  }, POLL_MS);

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
  return <ReadingView readings={data} error={error} />;
}

async function readState(deviceId: string): Promise<DeviceReading> {
  try {
    return await api<DeviceReading>("GET", `/devices/${deviceId}/state`);
  } catch (e) {
    if (e instanceof ApiCallError) throw new Error(describeReadFailure(e.failure.code, e.failure.message));
    throw new Error(describeReadFailure(null, "the dashboard did not answer; check your connection"));
  }
}

function ReadingView({ readings, error }: { readings: Readings; error: string | null }) {
  const { current, previous } = readings;
  const links = useMemo(() => linkRates(current, previous), [current, previous]);
  const rules = useMemo(() => rulePacketRates(current, previous), [current, previous]);
  const backends = useMemo(() => backendRates(current, previous), [current, previous]);
  const readAt = new Date(current.readAtMs).toLocaleTimeString();
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
        <h3 className="text-sm font-semibold">Rules</h3>
        <RuleTable reading={current} rates={rules} />
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
