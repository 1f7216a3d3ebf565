type PushRow = { id: string; status: string; actorName: string; startedAt: string; reason: string; error: string | null };

const LOOK: Record<string, string> = {
  confirmed: "text-emerald-700", unchanged: "text-slate-600", rolled_back: "text-amber-800", failed: "text-rose-700", running: "text-sky-700",
};

export function PushHistory({ pushes }: { pushes: PushRow[] }) {
  if (pushes.length === 0) return <p className="text-sm text-slate-600">Nothing pushed yet.</p>;
  return (
    <table className="w-full text-sm" data-testid="push-history">
      <thead className="text-left text-xs text-slate-500 uppercase">
        <tr>{["When", "Who", "Outcome", "Reason", "Detail"].map((h) => <th key={h} className="py-1 pr-3">{h}</th>)}</tr>
      </thead>
      <tbody>
        {pushes.map((p) => (
          <tr key={p.id} className="border-t border-slate-100 align-top">
            <td className="py-1 pr-3 whitespace-nowrap">{new Date(p.startedAt).toLocaleString()}</td>
            <td className="py-1 pr-3">{p.actorName}</td>
            <td className={`py-1 pr-3 font-medium ${LOOK[p.status] ?? ""}`}>{p.status.replace("_", " ")}</td>
            <td className="py-1 pr-3 whitespace-pre-wrap">{p.reason || "—"}</td>
            <td className="py-1 pr-3 text-slate-600">{p.error ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
