import type { DeviceReading } from "@/lib/domain/device/reading";
import type { BackendRates } from "@/lib/domain/monitor/live";
import { backendKeyOf } from "../../live/series";
import { formatCount, formatPerSecond, NOTHING } from "../format";
import { cell, DataTable, HealthBadge, numberCell, Since } from "./data-table";

// The servers behind each inbound pool, as the device's health probes see them.
export function BackendTable({ reading, rates }: { reading: DeviceReading; rates: Readonly<Record<string, BackendRates>> }) {
  return (
    <DataTable label="Backends" headers={["Pool", "Backend", "Address", "State", "Since", "New conns", "New conns/s", "Open conns"]} testId="device-backends">
      {reading.backends.map((b) => (
        <tr key={`${b.pool}/${b.name}`} className="border-t border-slate-100" data-backend={`${b.pool}/${b.name}`}>
          <td className={cell}>{b.pool}</td>
          <th scope="row" className={`${cell} text-left font-medium`}>
            {b.name}
          </th>
          <td className={`${cell} font-mono text-xs`}>{b.address}</td>
          <td className={cell} data-column="state">
            <HealthBadge state={b.state} />
          </td>
          <td className={cell}>
            <Since iso={b.since} nowMs={reading.readAtMs} />
          </td>
          <td className={numberCell}>{formatCount(b.newConnections)}</td>
          <td className={numberCell}>{formatPerSecond(rates[backendKeyOf(b)]?.newPerSecond ?? null)}</td>
          <td className={numberCell}>{b.openConnections ?? NOTHING}</td>
        </tr>
      ))}
    </DataTable>
  );
}
