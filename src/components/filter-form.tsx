// The pieces of a list's filter form (history, audit log): a plain GET form, so it works without JavaScript and the
// URL it makes can be shared. Each list keeps its own fields; these keep their markup one and the same.

/** A select whose empty choice means "no filter" ("Anyone", "Any outcome"); options are [value, words]. */
export function FilterSelect(props: {
  id: string;
  name: string;
  label: string;
  anyLabel: string;
  options: readonly (readonly [string, string])[];
  value: string | undefined;
  className?: string;
}) {
  return (
    <div className={props.className}>
      <label className="label" htmlFor={props.id}>
        {props.label}
      </label>
      <select id={props.id} name={props.name} className="input" defaultValue={props.value ?? ""}>
        <option value="">{props.anyLabel}</option>
        {props.options.map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </select>
    </div>
  );
}

/** From and To as whole UTC days (the services read them that way). */
export function DateRangeFields({ idPrefix, from, to }: { idPrefix: string; from: string | undefined; to: string | undefined }) {
  return (
    <>
      <div>
        <label className="label" htmlFor={`${idPrefix}-from`}>
          From (UTC)
        </label>
        <input id={`${idPrefix}-from`} name="from" type="date" className="input" defaultValue={from ?? ""} />
      </div>
      <div>
        <label className="label" htmlFor={`${idPrefix}-to`}>
          To (UTC)
        </label>
        <input id={`${idPrefix}-to`} name="to" type="date" className="input" defaultValue={to ?? ""} />
      </div>
    </>
  );
}

/** Filter, Clear filters (back to the unfiltered list) and Export CSV (the same filters as a download). */
export function FilterActions({ clearHref, csvHref, className }: { clearHref: string; csvHref: string; className: string }) {
  return (
    <div className={`flex flex-wrap items-center gap-2 ${className}`}>
      <button type="submit" className="btn-primary">
        Filter
      </button>
      <a href={clearHref} className="btn-secondary">
        Clear filters
      </a>
      <a href={csvHref} className="btn-secondary sm:ml-auto" download>
        Export CSV
      </a>
    </div>
  );
}
