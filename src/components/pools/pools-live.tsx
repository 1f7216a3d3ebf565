"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { BackendReading, DeviceReading } from "@/lib/domain/device/reading";
import type { BackendRates, RatePoint } from "@/lib/domain/monitor/live";
import { api, ApiCallError } from "../api";
import { formatTime } from "../format-time";
import { LiveStatus } from "../live/live-status";
import { backendKeyOf } from "../live/series";
import { useDeviceLive } from "../live/use-device-live";
import { BackendDialog } from "./backend-dialog";
import { PoolCard } from "./pool-card";
import type { BackendAction, PoolsReply } from "./types";
import { sentence } from "./words";

/** At most one fetch of the saved pools in this long while a drained backend waits for its "idle since". */
const IDLE_CHECK_MS = 5_000;

// The pools page's live part. The saved pools and their maintenance records come from GET /pools (on opening, after
// a maintenance push, and when a drained backend has just gone idle, so its "idle since" is recorded); what the device
// reports for each backend and the rates come from the monitor's live stream, so the page never makes the dashboard
// read the device every few seconds.
export function PoolsLive({ deviceId, kind, canOperate }: { deviceId: string; kind: "routeros" | "linux"; canOperate: boolean }) {
  const [saved, setSaved] = useState<PoolsReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [action, setAction] = useState<BackendAction | null>(null);
  const view = useDeviceLive(deviceId);
  const lastFetch = useRef(0);

  const load = useCallback(async () => {
    lastFetch.current = Date.now();
    try {
      setSaved(await api<PoolsReply>("GET", `/devices/${deviceId}/pools`));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiCallError ? e.failure.message : "the dashboard did not answer; check your connection");
    }
  }, [deviceId]);
  useEffect(() => void load(), [load]);

  const reading = view.live?.reading ?? null;
  const wantsIdleSince = saved !== null && reading !== null && awaitsIdleSince(saved, reading);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new reading is a new chance once the last fetch is old enough
  useEffect(() => {
    if (wantsIdleSince && Date.now() - lastFetch.current > IDLE_CHECK_MS) void load();
  }, [wantsIdleSince, load, reading]);

  if (saved === null) {
    return error ? (
      <p role="alert" className="card text-sm text-slate-700">
        {sentence(error)}
      </p>
    ) : (
      <p className="text-sm text-slate-500" aria-live="polite">
        Loading the pools…
      </p>
    );
  }
  if (saved.pools.length === 0) {
    return <p className="card text-sm text-slate-600">This device&apos;s policy has no server pools. Add one in the policy to see its backends here.</p>;
  }
  const rates = view.live?.rates?.backends ?? {};
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <LiveStatus view={view} />
        {reading && (
          <p className="text-sm text-slate-600" data-testid="pools-read-at">
            Read from the device at {formatTime(reading.readAtMs)}, every {(view.live?.intervalMs ?? 2_000) / 1000} s
          </p>
        )}
      </div>
      {error && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          The pools could not be loaded again: {error}. Showing them as they were.
        </p>
      )}
      {saved.pools.map((pool) => (
        <PoolCard
          kind={kind}
          key={pool.name}
          pool={{ ...pool, backends: pool.backends.map((b) => ({ ...b, live: liveOf(reading, pool.name, b.name) ?? b.live })) }}
          rates={ratesOf(rates, pool.name)}
          recent={recentOf(view.recent, pool.name)}
          canOperate={canOperate}
          onAction={(backend, to) => setAction({ pool: pool.name, backend, to })}
        />
      ))}
      <BackendDialog
        deviceId={deviceId}
        action={action}
        onClose={() => {
          setAction(null);
          void load();
        }}
      />
    </div>
  );
}

const liveOf = (reading: DeviceReading | null, pool: string, name: string): BackendReading | undefined =>
  reading?.backends.find((b) => b.pool === pool && b.name === name);

/** A backend taken out on purpose whose connections have all ended, and the saved record does not say since when yet. */
function awaitsIdleSince(saved: PoolsReply, reading: DeviceReading): boolean {
  return saved.pools.some((pool) =>
    pool.backends.some((b) => b.maintenance !== null && b.maintenance.idleSince === null && liveOf(reading, pool.name, b.name)?.openConnections === 0),
  );
}

/** One pool's backend rates by backend name. */
function ratesOf(rates: Readonly<Record<string, BackendRates>>, pool: string): Record<string, BackendRates> {
  const prefix = backendKeyOf({ pool, name: "" });
  return Object.fromEntries(Object.entries(rates).flatMap(([key, r]) => (key.startsWith(prefix) ? [[key.slice(prefix.length), r]] : [])));
}

/** The rate points with only one pool's backends, keyed by backend name. */
function recentOf(recent: readonly RatePoint[], pool: string): RatePoint[] {
  return recent.map((p) => ({ ...p, rates: { ...p.rates, backends: ratesOf(p.rates.backends, pool) } }));
}
