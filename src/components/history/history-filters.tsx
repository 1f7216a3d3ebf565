import type { HistoryChoices, HistoryFilterValues } from "@/lib/domain/history";
import { outcomeWords } from "./outcome";

const OUTCOMES = ["confirmed", "rolled_back", "unchanged", "refused", "failed", "running", "not_pushed"] as const;

/** The filters as a plain GET form: it works without JavaScript, and the URL it makes can be shared. */
export function HistoryFilters({ choices, values, csvHref }: { choices: HistoryChoices; values: HistoryFilterValues; csvHref: string }) {
  return (
    <form method="get" action="/history" className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-6" aria-label="Filter the history">
      <div className="lg:col-span-2">
        <label className="label" htmlFor="filter-device">
          Device
        </label>
        <select id="filter-device" name="device" className="input" defaultValue={values.device ?? ""}>
          <option value="">All devices</option>
          {choices.devices.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label className="label" htmlFor="filter-user">
          Saved by
        </label>
        <select id="filter-user" name="user" className="input" defaultValue={values.user ?? ""}>
          <option value="">Anyone</option>
          {choices.users.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label className="label" htmlFor="filter-outcome">
          Outcome
        </label>
        <select id="filter-outcome" name="outcome" className="input" defaultValue={values.outcome ?? ""}>
          <option value="">Any outcome</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {outcomeWords(o)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label className="label" htmlFor="filter-from">
          From (UTC)
        </label>
        <input id="filter-from" name="from" type="date" className="input" defaultValue={values.from ?? ""} />
      </div>
      <div>
        <label className="label" htmlFor="filter-to">
          To (UTC)
        </label>
        <input id="filter-to" name="to" type="date" className="input" defaultValue={values.to ?? ""} />
      </div>
      <div className="flex flex-wrap items-center gap-2 sm:col-span-2 lg:col-span-6">
        <button type="submit" className="btn-primary">
          Filter
        </button>
        <a href="/history" className="btn-secondary">
          Clear filters
        </a>
        <a href={csvHref} className="btn-secondary sm:ml-auto" download>
          Export CSV
        </a>
      </div>
    </form>
  );
}
