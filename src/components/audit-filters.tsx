import { DateRangeFields, FilterActions, FilterSelect } from "./filter-form";

type Values = { user?: string; device?: string; outcome?: string; from?: string; to?: string };
type Choices = { users: string[]; devices: { id: string; name: string }[] };

const OUTCOMES = [
  ["ok", "ok"],
  ["denied", "denied (not allowed)"],
  ["invalid", "invalid (refused input)"],
  ["error", "error"],
] as const;

/** The audit log's filters as a plain GET form (works without JavaScript; the URL can be shared). */
export function AuditFilters({ choices, values, csvHref }: { choices: Choices; values: Values; csvHref: string }) {
  return (
    <form method="get" action="/audit" className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-5" aria-label="Filter the audit log">
      <FilterSelect id="audit-user" name="user" label="Who" anyLabel="Anyone" options={choices.users.map((u) => [u, u] as const)} value={values.user} />
      <FilterSelect
        id="audit-device"
        name="device"
        label="Device"
        anyLabel="Any device"
        options={choices.devices.map((d) => [d.id, d.name] as const)}
        value={values.device}
      />
      <FilterSelect id="audit-outcome" name="outcome" label="Outcome" anyLabel="Any outcome" options={OUTCOMES} value={values.outcome} />
      <DateRangeFields idPrefix="audit" from={values.from} to={values.to} />
      <FilterActions clearHref="/audit" csvHref={csvHref} className="sm:col-span-2 lg:col-span-5" />
    </form>
  );
}
