import type { HistoryChoices, HistoryFilterValues } from "@/lib/domain/history";
import { DateRangeFields, FilterActions, FilterSelect } from "../filter-form";
import { outcomeWords } from "./outcome";

const OUTCOMES = ["confirmed", "rolled_back", "unchanged", "refused", "failed", "running", "not_pushed"] as const;

/** The filters as a plain GET form: it works without JavaScript, and the URL it makes can be shared. */
export function HistoryFilters({ choices, values, csvHref }: { choices: HistoryChoices; values: HistoryFilterValues; csvHref: string }) {
  return (
    <form method="get" action="/history" className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-6" aria-label="Filter the history">
      <FilterSelect
        id="filter-device"
        name="device"
        label="Device"
        anyLabel="All devices"
        options={choices.devices.map((d) => [d.id, d.name] as const)}
        value={values.device}
        className="lg:col-span-2"
      />
      <FilterSelect id="filter-user" name="user" label="Saved by" anyLabel="Anyone" options={choices.users.map((u) => [u, u] as const)} value={values.user} />
      <FilterSelect
        id="filter-outcome"
        name="outcome"
        label="Outcome"
        anyLabel="Any outcome"
        options={OUTCOMES.map((o) => [o, outcomeWords(o)] as const)}
        value={values.outcome}
      />
      <DateRangeFields idPrefix="filter" from={values.from} to={values.to} />
      <FilterActions clearHref="/history" csvHref={csvHref} className="sm:col-span-2 lg:col-span-6" />
    </form>
  );
}
