import type { DeviceReading } from "@/lib/domain/device/reading";
import { formatBytes, formatCount, formatPerSecond } from "../format";
import { cell, DataTable, numberCell } from "./data-table";

// Every rule of the plan in the admin's words, with the device's counters and packets per second since the
// previous reading. A disabled rule is one the device's health watcher switched off (its link is down) or an admin did.
export function RuleTable({ reading, rates }: { reading: DeviceReading; rates: Map<string, number | null> }) {
  return (
    <DataTable label="Rules" headers={["Rule", "Packets", "Packets/s", "Bytes", "Status"]} testId="device-rules">
      {reading.rules.map((rule) => (
        <tr key={rule.key} className={`border-t border-slate-100 ${rule.disabled ? "text-slate-500" : ""}`} data-rule={rule.what}>
          <th scope="row" className="min-w-64 py-1.5 pr-4 text-left font-normal">
            {rule.what}
          </th>
          <td className={numberCell} data-column="packets">
            {formatCount(rule.packets)}
          </td>
          <td className={numberCell} data-column="packets-per-second">
            {formatPerSecond(rates.get(rule.key) ?? null)}
          </td>
          <td className={numberCell}>{formatBytes(rule.bytes)}</td>
          <td className={cell}>{rule.disabled ? "disabled" : "active"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
