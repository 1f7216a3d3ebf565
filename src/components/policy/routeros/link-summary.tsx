import { ratePerSecond } from "../format";
import { STATUS_CLASS } from "./link-table";
import type { RouterStateView } from "./types";


type LinkRow = { name: string; status: "up" | "down" | "unknown" | null; connections: number | null; perSecond: number | null; share: number | null };

/**
 * One row per link: is it up, how many connections ride it, and how new connections are shared right now. Each new
 * LAN connection is counted once by the rule that gives it its link: a PCC rule (`pcc:<link>:<remainder>`) or, with
 * ECMP, the rule that pins it to the link it left by (`ecmp-pin:<link>`). Mangle, not masquerade: an admin's own
 * masquerade (the factory `out-interface-list=WAN` one) sits before Waymark's and would leave its counters at zero.
 */
const spreadingRule = /^waymark:(?:pcc:([a-z][a-z0-9-]*):\d+|ecmp-pin:([a-z][a-z0-9-]*))$/;

export function linkRows(state: RouterStateView, previous: RouterStateView | null): LinkRow[] {
  const elapsedMs = previous ? state.readAtMs - previous.readAtMs : 0;
  const newConnections = (reading: RouterStateView | null) => {
    const byLink = new Map<string, bigint>();
    for (const rule of reading?.rules ?? []) {
      const match = spreadingRule.exec(rule.comment);
      const link = match?.[1] ?? match?.[2];
      if (link !== undefined) byLink.set(link, (byLink.get(link) ?? 0n) + BigInt(rule.packets));
    }
    return byLink;
  };
  const now = newConnections(state);
  const before = newConnections(previous);
  const links = state.rules.filter((r) => r.comment.startsWith("waymark:nat:")).map((r) => {
    const name = r.comment.slice("waymark:nat:".length);
    const counted = now.get(name);
    const earlier = before.get(name);
    return { name, perSecond: counted === undefined ? null : ratePerSecond(counted.toString(), earlier?.toString(), elapsedMs) };
  });
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
