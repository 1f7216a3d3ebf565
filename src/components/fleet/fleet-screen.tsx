"use client";
import Link from "next/link";
import { useId, useState } from "react";
import type { FleetRow } from "@/lib/domain/monitor/live";
import { formatDateTime } from "../format-time";
import { ago } from "../live/live-words";
import { useNow } from "../live/live-status";
import { driftWords, fleetSummary, linkWords, pushWords, reachWords, type Tone } from "./fleet-words";
import { matchesFleetFilter } from "./order";
import { type FleetView, useFleetLive } from "./use-fleet-live";

const TONE: Record<Tone, string> = { ok: "text-emerald-800", warn: "text-amber-800", bad: "text-rose-800", idle: "text-slate-600" };
const DOT: Record<Tone, string> = { ok: "bg-emerald-600", warn: "bg-amber-500", bad: "bg-rose-600", idle: "bg-slate-400" };
const STREAM_TEXT: Record<FleetView["stream"], string> = { connecting: "connecting…", open: "live", reconnecting: "reconnecting…" };

// The fleet: every device at a glance, worst first, live. One list item per device, its facts as a description list
// that is a row of columns from 768 px up and a stacked card below, so a phone reads it without scrolling sideways.
export function FleetScreen() {
  const view = useFleetLive();
  const [filter, setFilter] = useState("");
  const filterId = useId();
  const now = useNow();
  if (view.rows === null) {
    return (
      <p className="text-sm text-slate-600" role="status">
        {view.stream === "reconnecting" ? "The live fleet stream dropped; reconnecting…" : "Loading the fleet…"}
      </p>
    );
  }
  const shown = view.rows.filter((r) => matchesFleetFilter(r, filter));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="w-full max-w-sm">
          <label htmlFor={filterId} className="label">
            Filter devices
          </label>
          <input
            id={filterId}
            type="search"
            className="input"
            placeholder="name, address, link, unreachable…"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
        <p className="flex items-center gap-2 text-sm text-slate-600" data-testid="fleet-stream">
          <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-full ${view.stream === "open" ? DOT.ok : DOT.warn}`} />
          {STREAM_TEXT[view.stream]}
        </p>
      </div>
      <p className="text-sm font-medium" aria-live="polite" data-testid="fleet-summary">
        {fleetSummary(shown, view.rows.length, filter.trim() !== "")}
      </p>
      {shown.length === 0 ? (
        <p className="card text-sm text-slate-600">No device matches the filter.</p>
      ) : (
        <ul className="space-y-2" aria-label="Devices, worst first" data-testid="fleet-rows">
          {shown.map((row) => (
            <FleetItem key={row.deviceId} row={row} now={now} />
          ))}
        </ul>
      )}
    </div>
  );
}

function Fact({ label, tone, children, testId }: { label: string; tone?: Tone; children: React.ReactNode; testId: string }) {
  return (
    <div className="flex min-w-0 gap-2 md:block">
      <dt className="w-28 shrink-0 text-xs text-slate-500 md:w-auto">{label}</dt>
      <dd className={`min-w-0 break-words ${tone ? TONE[tone] : ""}`} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function FleetItem({ row, now }: { row: FleetRow; now: number }) {
  const reach = reachWords(row);
  const links = linkWords(row);
  const drift = driftWords(row);
  const push = pushWords(row);
  const worst: Tone = [reach.tone, links.tone, drift.tone].includes("bad") ? "bad" : [links.tone, drift.tone].includes("warn") ? "warn" : reach.tone;
  return (
    <li
      className="card grid gap-3 p-4 text-sm md:grid-cols-[minmax(0,14rem)_minmax(0,1fr)]"
      data-device={row.deviceId}
      data-state={row.state}
      data-testid="fleet-row"
    >
      <div className="flex min-w-0 items-start gap-2">
        <span aria-hidden="true" className={`mt-1.5 inline-block h-2.5 w-2.5 shrink-0 rounded-full ${DOT[worst]}`} />
        <div className="min-w-0">
          <Link href={`/devices/${row.deviceId}`} className="font-medium break-words whitespace-pre-wrap text-sky-800 hover:underline" data-testid="fleet-name">
            {row.name}
          </Link>
          <p className="text-xs text-slate-500">
            {row.kind === "routeros" ? "MikroTik" : "Linux"} · <span className="font-mono break-all">{row.host}</span>
          </p>
        </div>
      </div>
      <dl className="grid gap-1.5 md:grid-cols-[minmax(0,2fr)_minmax(0,1.6fr)_minmax(0,0.8fr)_minmax(0,1.2fr)_minmax(0,0.6fr)_minmax(0,0.8fr)] md:gap-3">
        <Fact label="Reachable" tone={reach.tone} testId="fleet-reach">
          {reach.text}
        </Fact>
        <Fact label="Links" tone={links.tone} testId="fleet-links">
          {links.text}
          {row.backendsDown > 0 && (
            <span className="block text-rose-800">
              {row.backendsDown} {row.backendsDown === 1 ? "backend" : "backends"} down
            </span>
          )}
        </Fact>
        <Fact label="Drift" tone={drift.tone} testId="fleet-drift">
          {drift.text}
        </Fact>
        <Fact label="Last push" tone={push?.tone} testId="fleet-push">
          {push && row.lastPush ? (
            <>
              {push.status}
              <span className="block text-xs text-slate-500">{formatDateTime(row.lastPush.at)}</span>
            </>
          ) : (
            <span className="text-slate-600">never</span>
          )}
        </Fact>
        <Fact label="Open alerts" tone={row.openAlerts > 0 ? "bad" : undefined} testId="fleet-alerts">
          {row.openAlerts}
        </Fact>
        <Fact label="Last read" testId="fleet-read">
          {row.readAt === null ? <span className="text-slate-600">never</span> : <span title={formatDateTime(row.readAt)}>{ago(now - row.readAt)} ago</span>}
        </Fact>
      </dl>
    </li>
  );
}
