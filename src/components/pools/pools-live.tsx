"use client";
import { useMemo, useRef, useState } from "react";
import { usePolling } from "@/hooks/use-polling";
import { api } from "../api";
import { formatTime } from "../format-time";
import { counterGrowth, perSecond } from "../policy/device-state/rates";
import { BackendDialog } from "./backend-dialog";
import { PoolCard, type BackendRates } from "./pool-card";
import type { BackendAction, PoolsReply } from "./types";
import { sentence } from "./words";

const POLL_MS = 2_000;

// The pools page's live part: polls the device's pools every 2 s (the device is read each time), derives rates
// between the last two readings, and opens the maintenance dialog. The monitoring issue replaces the poll by SSE.
export function PoolsLive({ deviceId, canOperate }: { deviceId: string; canOperate: boolean }) {
  const { data, error } = usePolling(() => api<PoolsReply>("GET", `/devices/${deviceId}/pools`), POLL_MS);
  const [action, setAction] = useState<BackendAction | null>(null);
  const history = useRef<{ current: PoolsReply | null; previous: PoolsReply | null }>({ current: null, previous: null });
  if (data !== null && data !== history.current.current && data.readAtMs !== null) {
    history.current = { previous: history.current.current, current: data };
  }
  const previous = history.current.previous;
  const rates = useMemo(() => (data ? backendRates(data, previous) : new Map<string, Map<string, BackendRates>>()), [data, previous]);

  if (data === null) {
    return error ? (
      <p role="alert" className="card text-sm text-slate-700">
        {sentence(error)}
      </p>
    ) : (
      <p className="text-sm text-slate-500" aria-live="polite">
        Loading the pools and reading the device…
      </p>
    );
  }
  if (data.pools.length === 0) {
    return <p className="card text-sm text-slate-600">This device&apos;s policy has no server pools. Add one in the policy to see its backends here.</p>;
  }
  return (
    <div className="space-y-6">
      {data.readAtMs !== null && (
        <p className="text-sm text-slate-600" aria-live="polite" data-testid="pools-read-at">
          Read from the device at {formatTime(data.readAtMs)}, every 2 s
        </p>
      )}
      {data.liveError && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Live state unavailable: {data.liveError}. The pools below are as saved.
        </p>
      )}
      {error && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          The last refresh failed: {error}. Showing the previous reading.
        </p>
      )}
      {data.pools.map((pool) => (
        <PoolCard
          key={pool.name}
          pool={pool}
          rates={rates.get(pool.name) ?? new Map()}
          canOperate={canOperate}
          onAction={(backend, to) => setAction({ pool: pool.name, backend, to })}
        />
      ))}
      <BackendDialog deviceId={deviceId} action={action} onClose={() => setAction(null)} />
    </div>
  );
}

function backendRates(current: PoolsReply, previous: PoolsReply | null): Map<string, Map<string, BackendRates>> {
  const elapsedMs = previous?.readAtMs && current.readAtMs ? current.readAtMs - previous.readAtMs : 0;
  return new Map(
    current.pools.map((pool) => {
      const before = previous?.pools.find((p) => p.name === pool.name);
      return [
        pool.name,
        new Map(
          pool.backends.map((b) => {
            const earlier = before?.backends.find((e) => e.name === b.name)?.live;
            const bytes = perSecond(counterGrowth(b.live?.traffic?.bytes, earlier?.traffic?.bytes), elapsedMs);
            return [
              b.name,
              {
                newPerSecond: perSecond(counterGrowth(b.live?.newConnections, earlier?.newConnections), elapsedMs),
                bitsPerSecond: bytes === null ? null : bytes * 8,
              },
            ];
          }),
        ),
      ];
    }),
  );
}
