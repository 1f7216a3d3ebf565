import { formatBitRate, formatBytes } from "../format";
import type { RouterStateView } from "./types";

export const STATUS_CLASS = { up: "text-emerald-700", down: "text-rose-700", unknown: "text-slate-500" } as const;

const shortComment = (comment: string) => comment.replace(/^waymark:/, "");

// Links as the router sees them: each netwatch's verdict, the routes Waymark installed (active or not), the
// connections marked for each link, and the traffic on the interfaces the plan names.
export function LinkTable({ state }: { state: RouterStateView }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <table className="w-full text-sm" data-testid="netwatch-state">
        <thead className="text-left text-xs text-slate-500 uppercase">
          <tr>{["Netwatch", "Host", "Status", "Since"].map((h) => <th key={h} className="py-1 pr-3">{h}</th>)}</tr>
        </thead>
        <tbody>
          {state.netwatch.map((n) => (
            <tr key={n.comment} className="border-t border-slate-100">
              <td className="py-1 pr-3 font-mono text-xs">{shortComment(n.comment)}</td>
              <td className="py-1 pr-3 font-mono text-xs">{n.host}</td>
              <td className={`py-1 pr-3 font-medium ${STATUS_CLASS[n.status]}`}>{n.status}</td>
              <td className="py-1 pr-3 text-xs">{n.since ?? "—"}</td>
            </tr>
          ))}
          {state.netwatch.length === 0 && <tr><td colSpan={4} className="py-1 text-slate-500">No netwatch in this plan.</td></tr>}
        </tbody>
      </table>
      <table className="w-full text-sm" data-testid="interface-state">
        <thead className="text-left text-xs text-slate-500 uppercase">
          <tr>{["Interface", "Running", "Rx rate", "Tx rate", "Rx", "Tx"].map((h) => <th key={h} className="py-1 pr-3">{h}</th>)}</tr>
        </thead>
        <tbody>
          {state.interfaces.map((i) => (
            <tr key={i.name} className="border-t border-slate-100">
              <td className="py-1 pr-3 font-medium">{i.name}</td>
              <td className={`py-1 pr-3 ${i.running ? "text-emerald-700" : "text-rose-700"}`}>{i.running ? "yes" : "no"}</td>
              <td className="py-1 pr-3 font-mono text-xs">{formatBitRate(i.rxBitsPerSecond)}</td>
              <td className="py-1 pr-3 font-mono text-xs">{formatBitRate(i.txBitsPerSecond)}</td>
              <td className="py-1 pr-3 font-mono text-xs">{formatBytes(i.rxByte)}</td>
              <td className="py-1 pr-3 font-mono text-xs">{formatBytes(i.txByte)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="w-full text-sm" data-testid="route-state">
        <thead className="text-left text-xs text-slate-500 uppercase">
          <tr>{["Route", "Gateway", "Table", "Distance", "State"].map((h) => <th key={h} className="py-1 pr-3">{h}</th>)}</tr>
        </thead>
        <tbody>
          {state.routes.map((r) => (
            <tr key={r.comment} className="border-t border-slate-100">
              <td className="py-1 pr-3 font-mono text-xs">{shortComment(r.comment)}</td>
              <td className="py-1 pr-3 font-mono text-xs">{r.gateway}</td>
              <td className="py-1 pr-3 font-mono text-xs">{r.table}</td>
              <td className="py-1 pr-3">{r.distance}</td>
              <td className={`py-1 pr-3 ${r.disabled ? "text-slate-500" : r.active ? "text-emerald-700" : "text-amber-800"}`}>
                {r.disabled ? "disabled" : r.active ? "active" : "inactive"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="w-full text-sm" data-testid="connection-state">
        <thead className="text-left text-xs text-slate-500 uppercase">
          <tr>{["Connection mark", "Connections"].map((h) => <th key={h} className="py-1 pr-3">{h}</th>)}</tr>
        </thead>
        <tbody>
          {state.connections.map((c) => (
            <tr key={c.mark} className="border-t border-slate-100">
              <td className="py-1 pr-3 font-mono text-xs">{c.mark}</td>
              <td className="py-1 pr-3 font-mono">{c.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
