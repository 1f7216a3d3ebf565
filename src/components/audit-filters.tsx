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
      <div>
        <label className="label" htmlFor="audit-user">
          Who
        </label>
        <select id="audit-user" name="user" className="input" defaultValue={values.user ?? ""}>
          <option value="">Anyone</option>
          {choices.users.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label className="label" htmlFor="audit-device">
          Device
        </label>
        <select id="audit-device" name="device" className="input" defaultValue={values.device ?? ""}>
          <option value="">Any device</option>
          {choices.devices.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label className="label" htmlFor="audit-outcome">
          Outcome
        </label>
        <select id="audit-outcome" name="outcome" className="input" defaultValue={values.outcome ?? ""}>
          <option value="">Any outcome</option>
          {OUTCOMES.map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label className="label" htmlFor="audit-from">
          From (UTC)
        </label>
        <input id="audit-from" name="from" type="date" className="input" defaultValue={values.from ?? ""} />
      </div>
      <div>
        <label className="label" htmlFor="audit-to">
          To (UTC)
        </label>
        <input id="audit-to" name="to" type="date" className="input" defaultValue={values.to ?? ""} />
      </div>
      <div className="flex flex-wrap items-center gap-2 sm:col-span-2 lg:col-span-5">
        <button type="submit" className="btn-primary">
          Filter
        </button>
        <a href="/audit" className="btn-secondary">
          Clear filters
        </a>
        <a href={csvHref} className="btn-secondary sm:ml-auto" download>
          Export CSV
        </a>
      </div>
    </form>
  );
}
