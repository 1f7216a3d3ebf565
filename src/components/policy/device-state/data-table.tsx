import type { ReactNode } from "react";
import { formatDateTime, formatTime } from "../../format-time";
import { formatDuration } from "../format";
import { HEALTH_LOOK, type Health } from "./words";

// A table that scrolls sideways inside its card on a narrow screen. The scroll box is focusable and named, so a
// keyboard user can scroll it too.
// `rightAligned`: the headers of number columns, aligned with their right-aligned cells. `widths`: fixed column
// widths (one per header), so several tables of the same kind line up one under another.
export function DataTable({
  label,
  headers,
  testId,
  rightAligned,
  widths,
  children,
}: {
  label: string;
  headers: string[];
  testId: string;
  rightAligned?: readonly string[];
  widths?: readonly string[];
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus so a keyboard user can scroll it (WCAG 2.1.1); the section's name makes it a region
    <section aria-label={label} tabIndex={0} className="relative -mx-1 overflow-x-auto px-1 focus-visible:outline-2 focus-visible:outline-sky-600">
      <table className={`w-full text-sm ${widths ? "min-w-[64rem] table-fixed" : ""}`} data-testid={testId}>
        <caption className="sr-only">{label}</caption>
        {widths && (
          <colgroup>
            {widths.map((w, i) => (
              <col key={headers[i]} style={{ width: w }} />
            ))}
          </colgroup>
        )}
        <thead className="text-left text-xs whitespace-nowrap text-slate-500 uppercase">
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col" className={`py-1 pr-4 font-medium ${rightAligned?.includes(h) ? "text-right" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </section>
  );
}

export const cell = "py-1.5 pr-4 whitespace-nowrap";
export const numberCell = `${cell} font-mono text-xs tabular-nums`;

export function HealthBadge({ state }: { state: Health }) {
  const look = HEALTH_LOOK[state];
  return (
    <span className={`inline-flex items-center gap-1.5 font-medium ${look.word}`}>
      <span aria-hidden="true" className={`inline-block size-2 rounded-full ${look.dot}`} />
      {look.text}
    </span>
  );
}

/** When a state began, with how long it has held at the time of the reading. */
export function Since({ iso, nowMs }: { iso: string | null; nowMs: number }) {
  if (iso === null) return <>—</>;
  const at = new Date(iso);
  const sameDay = at.toDateString() === new Date(nowMs).toDateString();
  return (
    <time dateTime={iso} title={formatDateTime(at)}>
      {sameDay ? formatTime(at) : formatDateTime(at)} <span className="text-slate-500">({formatDuration(nowMs - at.getTime())})</span>
    </time>
  );
}
