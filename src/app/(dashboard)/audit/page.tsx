import type { Metadata } from "next";
import { Forbidden } from "@/components/forbidden";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { listAuditEvents } from "@/lib/services/audit";
import { formatDateTime } from "@/components/format-time";
import { TableScroll } from "@/components/shell/table-scroll";

export const metadata: Metadata = { title: "Audit log" };

const OUTCOME = { ok: "text-emerald-700", denied: "text-rose-700", invalid: "text-amber-700", error: "text-rose-800" } as Record<string, string>;

export default async function AuditPage() {
  const session = await requirePageSession();
  if (!hasRole(session, "admin")) return <Forbidden requiredRole="admin" />;
  const events = await listAuditEvents(session.ctx, { limit: 200 });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <TableScroll label="Audit log entries">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs whitespace-nowrap text-slate-500 uppercase">
            <tr>
              {["When", "Who", "Action", "Target", "From", "Outcome", "Detail"].map((h) => (
                <th key={h} className="px-3 py-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} className="border-t border-slate-100 align-top">
                <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(e.at)}</td>
                <td className="px-3 py-2">{e.actorName}</td>
                <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                <td className="px-3 py-2 font-mono text-xs">{e.target ?? "—"}</td>
                <td className="px-3 py-2 font-mono text-xs">{e.ip ?? "—"}</td>
                <td className={`px-3 py-2 font-medium ${OUTCOME[e.outcome] ?? ""}`}>{e.outcome}</td>
                <td className="px-3 py-2 font-mono text-xs break-all text-slate-600">{JSON.stringify(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
