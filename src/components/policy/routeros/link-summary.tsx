import { ratePerSecond } from "../format";
import type { RouterStateView } from "./types";

const STATUS_CLASS = { up: "text-emerald-700", down: "text-rose-700", unknown: "text-slate-500" } as const;

type LinkRow = { name: string; status: "up" | "down" | "unknown" | null; connections: number | null; perSecond: number | null; share: number | null };

/**
 * One row per link: is it up, how many connections ride it, and how new connections are shared right now. Every
 * new outbound connection passes its link's masquerade rule exactly once (NAT sees only the first packet), so the
 * masquerade counters' growth is the live split, the same for PCC and ECMP.
 */
export function linkRows(state: RouterStateView, previous: RouterStateView | null): LinkRow[] {
  const elapsedMs = previous ? state.readAtMs - previous.readAtMs : 0;
  const before = new Map(previous?.rules.map((r) => [r.comment, r.packets]) ?? []);
  const links = state.rules.filter((r) => r.comment.startsWith("waymark:nat:")).map((r) => ({
    name: r.comment.slice("waymark:nat:".length),
    perSecond: ratePerSecond(r.packets, before.get(r.comment), elapsedMs),
  }));
  const total = links.reduce((sum, l) => sum + (l.perSecond ?? 0), 0);
  return links.map((l) => ({
    name: l.name,
    status: state.netwatch.find((n) => n.comment === `waymark:netwatch:${l.name}`)?.status ?? null,
    connections: state.connections.find((c) => c.mark === `to-${l.name}`)?.count ?? null,
    perSecond: l.perSecond,
    share: l.perSecond === null || total === 0 ? null : (l.perSecond / total) * 100,
  }));
}

export function LinkSummary({ state, previous }: { state: RouterStateView; previous: RouterStateView | null }) {
  const rows = linkRows(state, previous);
  return (
    <table className="w-full text-sm" data-testid="link-summary">
      <thead className="text-left text-xs text-slate-500 uppercase">
        <tr>{["Link", "Netwatch", "Connections", "New conns/s", "Share of new"].map((h) => <th key={h} className="py-1 pr-3">{h}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((l) => (
          <tr key={l.name} className="border-t border-slate-100">
            <td className="py-1 pr-3 font-medium">{l.name}</td>
            <td className={`py-1 pr-3 font-medium ${l.status ? STATUS_CLASS[l.status] : "text-slate-500"}`}>{l.status ?? "not watched"}</td>
            <td className="py-1 pr-3 font-mono">{l.connections ?? "—"}</td>
            <td className="py-1 pr-3 font-mono">{l.perSecond === null ? "—" : l.perSecond.toFixed(1)}</td>
            <td className="py-1 pr-3 font-mono" data-testid="link-share">{l.share === null ? "—" : `${l.share.toFixed(0)} %`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
