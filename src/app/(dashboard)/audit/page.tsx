import type { Metadata } from "next";
import { Forbidden } from "@/components/forbidden";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { AuditFilters as FilterForm } from "@/components/audit-filters";
import { AuditFilters, auditChoices, listAuditEvents } from "@/lib/services/audit";
import { formatDateTime } from "@/components/format-time";
import { TableScroll } from "@/components/shell/table-scroll";

export const metadata: Metadata = { title: "Audit log" };

const OUTCOME = { ok: "text-emerald-700", denied: "text-rose-700", invalid: "text-amber-700", error: "text-rose-800" } as Record<string, string>;

const KEYS = ["user", "device", "outcome", "from", "to"] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requirePageSession();
  if (!hasRole(session, "admin")) return <Forbidden requiredRole="admin" />;
  const query = await searchParams;
  const parsed = AuditFilters.safeParse(Object.fromEntries(KEYS.map((k) => [k, [query[k]].flat()[0] ?? ""])));
  const filters = parsed.success ? parsed.data : {};
  const [events, choices] = await Promise.all([listAuditEvents(session.ctx, { ...filters, limit: 200 }), auditChoices(session.ctx)]);
  const csvQuery = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string"));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      {!parsed.success && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          These filters were not understood, so every event is shown: {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}
        </p>
      )}
      <FilterForm choices={choices} values={filters} csvHref={`/api/v1/audit.csv${csvQuery.size > 0 ? `?${csvQuery}` : ""}`} />
      <p className="text-sm text-slate-600" aria-live="polite" data-testid="audit-count">
        {events.length === 200 ? "The newest 200 events" : `${events.length} ${events.length === 1 ? "event" : "events"}`}
      </p>
      <TableScroll label="Audit log entries">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs whitespace-nowrap text-slate-500 uppercase">
            <tr>
              {["When", "Who", "Action", "Target", "From", "Outcome", "Detail"].map((h) => (
                <th key={h} scope="col" className="px-3 py-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} className="border-t border-slate-100 align-top">
                <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(e.at)}</td>
                <td className="min-w-32 px-3 py-2">{e.actorName}</td>
                <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                <td className="min-w-36 px-3 py-2" title={e.target ?? undefined} data-testid="audit-target">
                  {e.targetName ?? "—"}
                </td>
                <td className="px-3 py-2 font-mono text-xs">{e.ip ?? "—"}</td>
                <td className={`px-3 py-2 font-medium ${OUTCOME[e.outcome] ?? ""}`}>{e.outcome}</td>
                <td className="min-w-80 px-3 py-2 font-mono text-xs break-all text-slate-600">{JSON.stringify(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
