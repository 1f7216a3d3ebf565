"use client";
import type { DeviceReading, LinkHealth } from "@/lib/domain/device/reading";
import { formatDateTime } from "../format-time";
import { formatDuration, NOTHING } from "../policy/format";
import { cell, DataTable, numberCell } from "../policy/device-state/data-table";

/** What the saved policy says of each link: its gateway and what its probes watch. */
export type LinkFacts = { name: string; gateway: string; targets: string[] };

// pfSense's Status > Gateways, in the admin's words: online / degraded / down with an icon as well as a colour,
// round-trip time and loss where the device measures them, since when and for how long, and what is probed.
const STATUS: Record<LinkHealth, { text: string; icon: string; look: string }> = {
  up: { text: "online", icon: "✓", look: "border-emerald-300 bg-emerald-50 text-emerald-800" },
  degraded: { text: "degraded", icon: "!", look: "border-amber-300 bg-amber-50 text-amber-800" },
  down: { text: "down", icon: "✕", look: "border-rose-300 bg-rose-50 text-rose-800" },
  unknown: { text: "unknown", icon: "?", look: "border-slate-300 bg-slate-50 text-slate-700" },
};

export function LinkStatus({ state }: { state: LinkHealth }) {
  const s = STATUS[state];
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-semibold ${s.look}`}>
      <span aria-hidden="true">{s.icon}</span>
      {s.text}
    </span>
  );
}

export function LinkHealthTable({ reading, facts }: { reading: DeviceReading; facts: readonly LinkFacts[] }) {
  const byName = new Map(facts.map((f) => [f.name, f]));
  return (
    <DataTable
      label="Link health"
      headers={["Link", "Gateway", "Status", "RTT", "Loss", "Since", "Monitor"]}
      testId="link-health"
      rightAligned={["RTT", "Loss"]}
    >
      {reading.links.map((link) => {
        const fact = byName.get(link.name);
        return (
          <tr key={link.name} className="border-t border-slate-100" data-link={link.name}>
            <th scope="row" className={`${cell} text-left font-medium`}>
              {link.name}
            </th>
            <td className={`${cell} font-mono text-xs`}>{fact?.gateway ?? NOTHING}</td>
            <td className={cell} data-column="status">
              <LinkStatus state={link.state} />
            </td>
            <td className={`${numberCell} text-right`} data-column="rtt">
              {link.rttMs === null ? NOTHING : `${link.rttMs.toFixed(1)} ms`}
            </td>
            <td className={`${numberCell} text-right`} data-column="loss">
              {link.lossPercent === null ? NOTHING : `${link.lossPercent} %`}
            </td>
            <td className={cell} data-column="since">
              {link.since === null ? (
                NOTHING
              ) : (
                <time dateTime={link.since}>
                  {formatDateTime(link.since)} <span className="text-slate-500">(for {formatDuration(reading.readAtMs - Date.parse(link.since))})</span>
                </time>
              )}
            </td>
            <td className={`${cell} font-mono text-xs`}>{fact && fact.targets.length > 0 ? fact.targets.join(", ") : NOTHING}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}

/** The device does not measure RTT and loss (RouterOS netwatch): say so rather than leave blank columns unexplained. */
export function LinkHealthNote({ reading }: { reading: DeviceReading }) {
  const measured = reading.links.some((l) => l.rttMs !== null || l.lossPercent !== null);
  return measured ? null : <p className="text-xs text-slate-500">This device reports each link up or down but not its round-trip time or loss.</p>;
}
