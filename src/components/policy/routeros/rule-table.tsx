import { formatBytes, ratePerSecond } from "../format";
import type { RouterStateView } from "./types";

// Every firewall rule of the plan with its counters as the router reports them, and packets per second since the
// previous reading: the PCC shares and NAT hits an admin watches live.
export function RuleTable({ state, previous }: { state: RouterStateView; previous: RouterStateView | null }) {
  const before = new Map(previous?.rules.map((r) => [`${r.menu} ${r.comment}`, r]) ?? []);
  const elapsedMs = previous ? state.readAtMs - previous.readAtMs : 0;
  return (
    <table className="w-full text-sm" data-testid="rule-counters">
      <thead className="text-left text-xs text-slate-500 uppercase">
        <tr>{["Table", "Rule", "Chain", "Action", "Packets", "Bytes", "Packets/s"].map((h) => <th key={h} className="py-1 pr-3">{h}</th>)}</tr>
      </thead>
      <tbody>
        {state.rules.map((r) => {
          const rate = ratePerSecond(r.packets, before.get(`${r.menu} ${r.comment}`)?.packets, elapsedMs);
          return (
            <tr key={`${r.menu} ${r.comment}`} className={`border-t border-slate-100 ${r.disabled ? "text-slate-400" : ""}`}>
              <td className="py-1 pr-3 text-xs">{r.menu.replace("/ip/firewall/", "")}</td>
              <td className="py-1 pr-3 font-mono text-xs">{r.comment.replace(/^waymark:/, "")}{r.disabled ? " (disabled)" : ""}</td>
              <td className="py-1 pr-3 text-xs">{r.chain}</td>
              <td className="py-1 pr-3 text-xs">{r.action}</td>
              <td className="py-1 pr-3 font-mono text-xs" data-testid="rule-packets">{r.packets}</td>
              <td className="py-1 pr-3 font-mono text-xs">{formatBytes(r.bytes)}</td>
              <td className="py-1 pr-3 font-mono text-xs">{rate === null ? "—" : rate.toFixed(1)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
