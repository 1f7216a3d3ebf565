import type { Metadata } from "next";
import { HistoryFilters as FilterForm } from "@/components/history/history-filters";
import { HistoryTable } from "@/components/history/history-table";
import type { HistoryFilterValues } from "@/lib/domain/history";
import { requirePageSession } from "@/lib/http/page-auth";
import { HISTORY_LIMIT, HistoryFilters, historyChoices, listHistory } from "@/lib/services/history";

export const metadata: Metadata = { title: "History" };

const KEYS = ["device", "user", "from", "to", "outcome"] as const;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Every policy change across devices: who, when, why, what it meant and what became of it. Filters are a plain
// GET form, so the page works without JavaScript and a filtered view is a link one can send.
export default async function HistoryPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requirePageSession();
  const query = await searchParams;
  const raw = Object.fromEntries(KEYS.map((k) => [k, [query[k]].flat()[0] ?? ""]));
  const parsed = HistoryFilters.safeParse(raw);
  const filters: HistoryFilterValues = parsed.success ? parsed.data : {};
  const [entries, choices] = await Promise.all([listHistory(session.ctx, filters), historyChoices(session.ctx)]);
  const csvQuery = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string"));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">History</h1>
        <p className="text-sm text-slate-600">Every saved change to a device's policy: who made it, why, what it meant, and what the device did with it.</p>
      </div>
      {!parsed.success && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          These filters were not understood, so the whole history is shown: {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}
        </p>
      )}
      <FilterForm choices={choices} values={filters} csvHref={`/api/v1/history.csv${csvQuery.size > 0 ? `?${csvQuery}` : ""}`} />
      <p className="text-sm text-slate-600" aria-live="polite" data-testid="history-count">
        {entries.length === HISTORY_LIMIT ? `The newest ${HISTORY_LIMIT} changes` : `${entries.length} ${entries.length === 1 ? "change" : "changes"}`}
      </p>
      <HistoryTable entries={entries} />
    </div>
  );
}
