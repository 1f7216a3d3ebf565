"use client";
import { formatBitRate, formatCount, formatPerSecond } from "../policy/format";
import { cell, DataTable, HealthBadge, numberCell } from "../policy/device-state/data-table";
import type { BackendState } from "@/lib/domain/intent";
import type { BackendRates, RatePoint } from "@/lib/domain/monitor/live";
import { seriesOf } from "../live/series";
import { Sparkline } from "../live/sparkline";
import type { BackendRow, PoolRow } from "./types";
import { listenText, maintenanceText, stickyText } from "./words";

const HEADERS = ["Backend", "Health", "Maintenance", "Open conns", "New conns/s", "Traffic", "Weight", "Share", "Actions"];

// One pool: where clients connect and how backends are chosen and probed, then every backend (drained and disabled
// ones too) with what the device reports for it now.
/** What the numbers are, by how the device counts them. */
const COUNTED = {
  routeros:
    "Health is the device's own probe. Traffic counts what the backend's dst-nat rules match: the first packet of each new connection (RouterOS NAT sees no more). Share is by weight among active backends.",
  linux:
    "Health is the gateway's own check (its monitor). New connections are those the pool sent to the backend; traffic counts both directions of its connections. Share is by weight among active backends.",
} as const;

export function PoolCard({
  pool,
  kind,
  rates,
  recent,
  canOperate,
  onAction,
}: {
  pool: PoolRow;
  kind: keyof typeof COUNTED;
  rates: Readonly<Record<string, BackendRates>>;
  recent: readonly RatePoint[];
  canOperate: boolean;
  onAction: (backend: BackendRow, to: BackendState) => void;
}) {
  return (
    <section className="card space-y-3" aria-labelledby={`pool-${pool.name}`} data-testid={`pool-${pool.name}`}>
      <div>
        <h2 id={`pool-${pool.name}`} className="font-semibold">
          Pool {pool.name}
        </h2>
        <p className="text-sm text-slate-600">
          <span className="font-mono">{listenText(pool)}</span> · {stickyText(pool)} · check: {pool.check}
        </p>
      </div>
      <DataTable label={`Backends of pool ${pool.name}`} headers={canOperate ? HEADERS : HEADERS.slice(0, -1)} testId={`backends-${pool.name}`}>
        {pool.backends.map((b) => (
          <BackendLine key={b.name} backend={b} rates={rates[b.name]} recent={recent} canOperate={canOperate} onAction={(to) => onAction(b, to)} />
        ))}
      </DataTable>
      {kind === "routeros" && pool.probe.type === "http" && pool.probe.path !== undefined && pool.probe.path !== "/" && (
        <p className="text-xs text-amber-800" data-testid="pool-check-caveat">
          RouterOS netwatch cannot choose a path: the router asks each backend for / rather than {pool.probe.path}.
        </p>
      )}
      <p className="text-xs text-slate-500">{COUNTED[kind]}</p>
    </section>
  );
}

function BackendLine({
  backend: b,
  rates,
  recent,
  canOperate,
  onAction,
}: {
  backend: BackendRow;
  rates: BackendRates | undefined;
  recent: readonly RatePoint[];
  canOperate: boolean;
  onAction: (to: BackendState) => void;
}) {
  const status = maintenanceText(b);
  return (
    <tr className="border-t border-slate-100" data-backend={b.name}>
      <th scope="row" className={`${cell} text-left font-medium`}>
        {b.name}
        <span className="block font-mono text-xs font-normal text-slate-500">
          {b.address}:{b.port}
        </span>
      </th>
      <td className={cell} data-testid="backend-health">
        {b.live ? <HealthBadge state={b.live.state} /> : <span className="text-slate-500">not read</span>}
        {b.live && b.live.state !== "up" && b.live.state !== "down" && b.live.probe !== "unknown" && (
          <span className="ml-1 text-xs text-slate-500">(probe {b.live.probe})</span>
        )}
      </td>
      <td className="min-w-44 py-1.5 pr-4" data-testid="backend-maintenance" aria-live="polite">
        {status ?? "—"}
        {b.maintenance?.reason && (
          <span className="block text-xs text-slate-500">
            “{b.maintenance.reason}”, {b.maintenance.by}
          </span>
        )}
      </td>
      <td className={`${numberCell} text-right`} data-testid="backend-open">
        {b.live?.openConnections === null || b.live?.openConnections === undefined ? "—" : formatCount(String(b.live.openConnections))}
      </td>
      <td className={`${numberCell} text-right`} data-testid="backend-new">
        {formatPerSecond(rates?.newPerSecond ?? null)}
        <span className="block">
          <Sparkline
            series={seriesOf(recent, (r) => r.backends[b.name]?.newPerSecond)}
            label={`New connections per second of ${b.name}`}
            width={72}
            height={18}
          />
        </span>
      </td>
      <td className={`${numberCell} text-right`} data-testid="backend-traffic">
        {formatBitRate(rates?.bitsPerSecond ?? null)}
      </td>
      <td className={`${numberCell} text-right`}>{b.weight}</td>
      <td className={`${numberCell} text-right`}>{b.state === "active" ? `${b.share} %` : "—"}</td>
      {canOperate && (
        <td className={cell}>
          <div className="flex gap-2">
            {b.state === "active" ? (
              <>
                <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => onAction("drain")} aria-label={`Drain ${b.name}`}>
                  Drain
                </button>
                <button
                  type="button"
                  className="btn-secondary px-2 py-1 text-xs text-rose-700"
                  onClick={() => onAction("disabled")}
                  aria-label={`Disable ${b.name}`}
                >
                  Disable
                </button>
              </>
            ) : (
              <>
                <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => onAction("active")} aria-label={`Re-enable ${b.name}`}>
                  Re-enable
                </button>
                {b.state === "drain" && (
                  <button
                    type="button"
                    className="btn-secondary px-2 py-1 text-xs text-rose-700"
                    onClick={() => onAction("disabled")}
                    aria-label={`Disable ${b.name}`}
                  >
                    Disable
                  </button>
                )}
              </>
            )}
          </div>
        </td>
      )}
    </tr>
  );
}
