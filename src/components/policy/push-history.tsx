import { isRemoval, PUSH_STATUS_CLASS, PUSH_STATUS_SHORT, type PushRecord } from "./push-words";
import { formatDateTime } from "../format-time";

export type PushRow = Pick<PushRecord, "id" | "status" | "error" | "planHash" | "revision"> & { actorName: string; startedAt: string; reason: string };

export function PushHistory({ pushes }: { pushes: PushRow[] }) {
  if (pushes.length === 0) return <p className="text-sm text-slate-600">Nothing pushed yet.</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus so a keyboard user can scroll it (WCAG 2.1.1); the section's name makes it a region
    <section aria-label="Push history" tabIndex={0} className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="push-history">
        <thead className="text-left text-xs whitespace-nowrap text-slate-500 uppercase">
          <tr>
            {["When", "Who", "What", "Outcome", "Reason", "Detail"].map((h) => (
              <th key={h} scope="col" className="py-1 pr-3 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {pushes.map((p) => (
            <tr key={p.id} className="border-t border-slate-100 align-top">
              <td className="py-1 pr-3 whitespace-nowrap">{formatDateTime(p.startedAt)}</td>
              <td className="py-1 pr-3">{p.actorName}</td>
              <td className="py-1 pr-3 whitespace-nowrap">{isRemoval(p) ? "removal" : p.revision === null ? "push" : `push of revision ${p.revision}`}</td>
              <td className={`py-1 pr-3 font-medium whitespace-nowrap ${PUSH_STATUS_CLASS[p.status]}`}>{PUSH_STATUS_SHORT[p.status]}</td>
              <td className="min-w-40 py-1 pr-3 whitespace-pre-wrap">{p.reason || "—"}</td>
              <td className="min-w-64 py-1 pr-3 text-slate-600">{p.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
