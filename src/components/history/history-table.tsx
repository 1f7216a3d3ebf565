import Link from "next/link";
import { formatDateTime } from "@/components/format-time";
import type { HistoryEntry } from "@/lib/domain/history";
import { ChangesList } from "./changes-list";
import { Outcome } from "./outcome";

// What became of a change comes right after which change it is: when the table is wider than the screen and
// scrolls, the outcome (and why a push did not take) is still in view; who and why follow.
export function HistoryTable({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0) return <p className="card text-sm text-slate-600">No policy change matches these filters.</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus so a keyboard user can scroll it (WCAG 2.1.1); the section's name makes it a region
    <section aria-label="Policy changes" tabIndex={0} className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-sm" data-testid="history-table">
        <thead className="bg-slate-50 text-left text-xs whitespace-nowrap text-slate-500 uppercase">
          <tr>
            {["When", "Device", "Revision", "Outcome", "What changed", "Reason", "Who"].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.deviceId}-${e.revision}`} className="border-t border-slate-100 align-top" data-testid="history-row">
              <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(e.savedAt)}</td>
              <td className="min-w-32 px-3 py-2 font-medium">{e.deviceName}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                <span className="block">{e.revision}</span>
                <Link href={`/history/${e.deviceId}/${e.revision}`} className="text-sky-700 underline hover:text-sky-900">
                  Details
                  <span className="sr-only">
                    {" "}
                    of revision {e.revision} of {e.deviceName}
                  </span>
                </Link>
              </td>
              <td className="min-w-48 px-3 py-2">
                <Outcome outcome={e.outcome} pushes={e.pushes} />
              </td>
              <td className="min-w-60 px-3 py-2">
                <ChangesList changes={e.changes} label={`What revision ${e.revision} of ${e.deviceName} changed`} />
              </td>
              <td className="min-w-40 px-3 py-2 whitespace-pre-wrap">{e.reason || <span className="text-slate-500">—</span>}</td>
              <td className="min-w-28 px-3 py-2">{e.savedBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
