import type { DeviceReading } from "@/lib/domain/device/reading";
import { formatBitRate, formatCount, formatPercent, formatPerSecond, NOTHING } from "../format";
import { cell, DataTable, HealthBadge, numberCell, Since } from "./data-table";
import type { LinkRates, RatePoint } from "@/lib/domain/monitor/live";
import { seriesOf } from "../../live/series";
import { Sparkline } from "../../live/sparkline";

// One row per link: its health and how long it has held, what its probes measure (where the device measures it),
// how new connections are shared right now, and the traffic it carries.
export function LinkTable({ reading, rates, recent }: { reading: DeviceReading; rates: Readonly<Record<string, LinkRates>>; recent: readonly RatePoint[] }) {
  const probesMeasured = reading.links.some((l) => l.lossPercent !== null || l.rttMs !== null);
  const headers = ["Link", "State", "Since", ...(probesMeasured ? ["Loss", "RTT"] : []), "New conns", "New conns/s", "Share of new", "Open conns", "Out", "In"];
  return (
    <div className="space-y-1">
      <DataTable label="Links" headers={headers} testId="device-links">
        {reading.links.map((link) => {
          const rate = rates[link.name];
          const trend = (pick: (r: LinkRates) => number | null, what: string) => (
            <span className="block">
              <Sparkline
                series={seriesOf(recent, (r) => {
                  const l = r.links[link.name];
                  return l ? pick(l) : null;
                })}
                label={`${what} of ${link.name}`}
                width={72}
                height={18}
              />
            </span>
          );
          return (
            <tr key={link.name} className="border-t border-slate-100" data-link={link.name}>
              <th scope="row" className={`${cell} text-left font-medium`}>
                {link.name}
              </th>
              <td className={cell} data-column="state">
                <HealthBadge state={link.state} />
              </td>
              <td className={cell}>
                <Since iso={link.since} nowMs={reading.readAtMs} />
              </td>
              {probesMeasured && <td className={numberCell}>{link.lossPercent === null ? NOTHING : `${link.lossPercent} %`}</td>}
              {probesMeasured && <td className={numberCell}>{link.rttMs === null ? NOTHING : `${link.rttMs.toFixed(1)} ms`}</td>}
              <td className={numberCell} data-column="new-connections">
                {formatCount(link.newConnections)}
              </td>
              <td className={numberCell} data-column="new-per-second">
                {formatPerSecond(rate?.newPerSecond ?? null)}
                {trend((r) => r.newPerSecond, "New connections per second")}
              </td>
              <td className={numberCell} data-column="live-share">
                {formatPercent(rate?.liveShare ?? null)}
              </td>
              <td className={numberCell} data-column="open-connections">
                {link.openConnections ?? NOTHING}
              </td>
              <td className={numberCell} data-column="out">
                {formatBitRate(rate?.outBitsPerSecond ?? null)}
                {trend((r) => r.outBitsPerSecond, "Bits per second out")}
              </td>
              <td className={numberCell} data-column="in">
                {formatBitRate(rate?.inBitsPerSecond ?? null)}
                {trend((r) => r.inBitsPerSecond, "Bits per second in")}
              </td>
            </tr>
          );
        })}
      </DataTable>
      <p className="text-xs text-slate-500">
        Rates and the share of new connections are measured between the last two readings; the small charts show the last minutes.
        {!probesMeasured && " This device does not report probe loss or round-trip time."}
      </p>
    </div>
  );
}
