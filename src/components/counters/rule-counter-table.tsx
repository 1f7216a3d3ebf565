import type { ReactNode } from "react";
import type { RuleReading } from "@/lib/domain/device/reading";
import type { RuleRates } from "@/lib/domain/monitor/live";
import { formatBitRate, formatCount, formatPerSecond } from "../policy/format";
import { cell, DataTable, numberCell } from "../policy/device-state/data-table";

/** A column a later view adds (the monitoring issue's sparklines), after the counters. */
export type ExtraColumn = { header: string; render: (rule: RuleReading) => ReactNode };

const NUMBERS = ["#", "Packets", "Bytes", "Packets/s", "Bits/s"];
const WIDTHS = ["4%", "21%", "25%", "15%", "7%", "11%", "7%", "10%"];

// One chain's rules as WinBox lists them: the device's own number, what the rule is for, what it matches and does,
// then its counters and their rates between the last two readings. Waymark's rules carry a "Waymark" badge (a
// word, not a colour); the admin's own are shown plainly; a disabled rule says so and is greyed.
export function RuleCounterTable({
  label,
  rules,
  rates,
  extraColumns = [],
}: {
  label: string;
  rules: RuleReading[];
  rates: Readonly<Record<string, RuleRates>>;
  extraColumns?: ExtraColumn[];
}) {
  const headers = ["#", "Rule", "Match", "Action", "Packets", "Bytes", "Packets/s", "Bits/s", ...extraColumns.map((c) => c.header)];
  return (
    <DataTable label={label} headers={headers} testId="rule-counters" rightAligned={NUMBERS} widths={[...WIDTHS, ...extraColumns.map(() => "10%")]}>
      {rules.map((rule) => {
        const rate = rates[rule.key];
        return (
          <tr
            key={rule.key}
            className={`border-t border-slate-100 align-top ${rule.disabled ? "text-slate-500" : ""}`}
            data-rule={rule.what}
            data-owner={rule.ownedByWaymark ? "waymark" : "admin"}
          >
            <td className={`${numberCell} text-right`} data-column="number">
              {rule.number}
            </td>
            {/* The badge is hidden from the row's name (the rule's words); screen readers hear the owner in the match cell. */}
            <th scope="row" className="py-1.5 pr-4 text-left font-normal">
              {rule.what}
              {rule.ownedByWaymark && (
                <span aria-hidden="true" className="ml-1.5 inline-block rounded border border-sky-300 bg-sky-50 px-1 text-xs font-medium text-sky-800">
                  Waymark
                </span>
              )}
            </th>
            <td className="py-1.5 pr-4" data-column="match">
              <span className="sr-only">{rule.ownedByWaymark ? "Waymark's rule. " : "Your own rule. "}</span>
              {rule.match}
            </td>
            <td className="py-1.5 pr-4" data-column="action">
              {rule.disabled && <span className="mr-1.5 rounded border border-slate-300 px-1 text-xs font-medium">disabled</span>}
              {rule.action}
            </td>
            <td className={`${numberCell} text-right`} data-column="packets">
              {formatCount(rule.packets)}
            </td>
            <td className={`${numberCell} text-right`} data-column="bytes">
              {formatCount(rule.bytes)}
            </td>
            <td className={`${numberCell} text-right`} data-column="packets-per-second">
              {formatPerSecond(rate?.packetsPerSecond ?? null)}
            </td>
            <td className={`${numberCell} text-right`} data-column="bits-per-second">
              {formatBitRate(rate?.bitsPerSecond ?? null)}
            </td>
            {extraColumns.map((c) => (
              <td key={c.header} className={cell}>
                {c.render(rule)}
              </td>
            ))}
          </tr>
        );
      })}
    </DataTable>
  );
}
