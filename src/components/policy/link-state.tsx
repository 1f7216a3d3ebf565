"use client";
import { usePolling } from "@/hooks/use-polling";
import { api } from "../api";
import { formatBytes } from "./format";

type Counter = { packets: string; bytes: string } | null;
type LinkState = {
  name: string; state: "up" | "down" | "unknown"; since: number | null; rttMs: number | null; lossPercent: number | null;
  newConnections: Counter; tx: Counter; rx: Counter; connections: number | null;
};
type DeviceState = { readAtMs: number; drift: boolean; monitor: { running: boolean }; links: LinkState[] };

const POLL_MS = 3_000;

// Read back from the gateway every few seconds: what the monitor sees and what the counters say.
export function LinkStatePanel({ deviceId }: { deviceId: string }) {
  const { data, error } = usePolling<DeviceState>(() => api<DeviceState>("GET", `/devices/${deviceId}/state`), POLL_MS);
  if (error && !data) return <p className="text-sm text-slate-600">{error}</p>;
  if (!data) return <p className="text-sm text-slate-500">Reading the gateway…</p>;
  return (
    <div className="space-y-3">
      {data.drift && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Drift: Waymark&apos;s table on the gateway differs from what the last push left there. Push again to restore it.
        </p>
      )}
      {!data.monitor.running && <p role="alert" className="text-sm text-rose-700">The health monitor on the gateway is not running.</p>}
      <table className="w-full text-sm" data-testid="link-state">
        <thead className="text-left text-xs text-slate-500 uppercase">
          <tr>{["Link", "State", "Since", "RTT", "Loss", "New conns", "Out", "In", "Tracked"].map((h) => <th key={h} className="py-1 pr-3">{h}</th>)}</tr>
        </thead>
        <tbody>
          {data.links.map((l) => (
            <tr key={l.name} className="border-t border-slate-100">
              <td className="py-1 pr-3 font-medium">{l.name}</td>
              <td className={`py-1 pr-3 font-medium ${l.state === "up" ? "text-emerald-700" : l.state === "down" ? "text-rose-700" : "text-slate-500"}`}>{l.state}</td>
              <td className="py-1 pr-3">{l.since ? new Date(l.since).toLocaleTimeString() : "—"}</td>
              <td className="py-1 pr-3">{l.rttMs === null ? "—" : `${l.rttMs.toFixed(1)} ms`}</td>
              <td className="py-1 pr-3">{l.lossPercent === null ? "—" : `${l.lossPercent} %`}</td>
              <td className="py-1 pr-3 font-mono">{l.newConnections?.packets ?? "—"}</td>
              <td className="py-1 pr-3 font-mono">{formatBytes(l.tx?.bytes)}</td>
              <td className="py-1 pr-3 font-mono">{formatBytes(l.rx?.bytes)}</td>
              <td className="py-1 pr-3 font-mono">{l.connections ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-500">Read {new Date(data.readAtMs).toLocaleTimeString()}; refreshes every {POLL_MS / 1000} s.</p>
    </div>
  );
}
