import { formatDateTime } from "../format-time";
import { TableScroll } from "../shell/table-scroll";
import type { DrillRecord } from "./types";
import { seconds, switchText } from "./words";

const KEPT = 12;

// Detection and switch times per link over its past drills, oldest to newest: a table whose cells carry inline
// bars on one scale, so a slower detection shows as a longer bar and the number says it in words as well.
export function DrillTrend({ drills }: { drills: DrillRecord[] }) {
  const timed = drills.filter((d) => d.detectionMs !== null);
  if (timed.length === 0) return null;
  const links = [...new Set(timed.map((d) => d.link))].sort();
  const scale = Math.max(...timed.map((d) => Math.max(d.detectionMs ?? 0, d.switchMs ?? 0)), 1);
  return (
    <section className="space-y-3" aria-labelledby="drill-trend-heading">
      <h2 id="drill-trend-heading" className="font-semibold">
        Trend
      </h2>
      {links.map((link) => {
        const rows = timed
          .filter((d) => d.link === link)
          .slice(0, KEPT)
          .reverse();
        return (
          <TableScroll key={link} label={`Trend of ${link}`}>
            <table className="w-full min-w-[30rem] text-sm" data-testid={`drill-trend-${link}`}>
              <caption className="px-3 pt-2 text-left font-medium">
                {link}: detection and switch over the last {rows.length} drill{rows.length === 1 ? "" : "s"}
              </caption>
              <thead className="text-slate-600">
                <tr>
                  <th className="px-3 py-2 text-left font-medium">Drill</th>
                  <th className="px-3 py-2 text-left font-medium">Detection</th>
                  <th className="px-3 py-2 text-left font-medium">Switch</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <tr key={d.id}>
                    <td className="px-3 py-1 whitespace-nowrap">{formatDateTime(d.startedAt)}</td>
                    <td className="px-3 py-1">
                      <Bar ms={d.detectionMs} scale={scale} className="bg-sky-600" text={seconds(d.detectionMs)} />
                    </td>
                    <td className="px-3 py-1">
                      <Bar ms={d.switchMs} scale={scale} className="bg-emerald-600" text={switchText(d)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        );
      })}
    </section>
  );
}

function Bar({ ms, scale, className, text }: { ms: number | null; scale: number; className: string; text: string }) {
  return (
    <div className="flex items-center gap-2">
      <div className="h-2 w-32 shrink-0 rounded bg-slate-100" aria-hidden="true">
        {ms !== null && <div className={`h-2 rounded ${className}`} style={{ width: `${Math.max(2, (ms / scale) * 100)}%` }} />}
      </div>
      <span className="tabular-nums whitespace-nowrap">{text}</span>
    </div>
  );
}
