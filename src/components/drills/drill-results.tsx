import { formatDateTime } from "../format-time";
import { TableScroll } from "../shell/table-scroll";
import { OutcomeBadge } from "./outcome-badge";
import type { DrillRecord } from "./types";
import { seconds, switchText } from "./words";

const TH = "px-3 py-2 text-left font-medium";
const NUM = "px-3 py-2 text-right tabular-nums";

// Every drill of the device, newest first: the timings the device reported and how it ended.
export function DrillResults({ drills }: { drills: DrillRecord[] }) {
  if (drills.length === 0) return <p className="card text-sm text-slate-600">No drills yet. Start one above to see how long this device takes to fail over.</p>;
  return (
    <TableScroll label="Drill results">
      <table className="w-full min-w-[44rem] text-sm" data-testid="drill-results">
        <caption className="sr-only">Failover drills, newest first</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className={TH}>Started</th>
            <th className={TH}>Link</th>
            <th className={`${TH} text-right`}>Duration</th>
            <th className={`${TH} text-right`}>Detection</th>
            <th className={`${TH} text-right`}>Switch</th>
            <th className={`${TH} text-right`}>Back up</th>
            <th className={TH}>Outcome</th>
            <th className={TH}>By</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {drills.map((d) => (
            <tr key={d.id}>
              <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(d.startedAt)}</td>
              <td className="px-3 py-2 font-mono">{d.link}</td>
              <td className={NUM}>{d.durationS} s</td>
              <td className={NUM}>{seconds(d.detectionMs)}</td>
              <td className={NUM}>{switchText(d)}</td>
              <td className={NUM}>{seconds(d.recoveryMs)}</td>
              <td className="px-3 py-2" title={d.detail}>
                <OutcomeBadge outcome={d.outcome} />
                {d.outcome !== "passed" && d.outcome !== "running" && <span className="ml-2 text-xs text-slate-600">{d.detail}</span>}
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{d.actorName}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
