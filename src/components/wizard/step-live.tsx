"use client";
import Link from "next/link";
import { useRef } from "react";
import type { LinkReading } from "@/lib/domain/device/reading";
import { useWizardStore } from "@/stores/wizard-store";
import { LiveStatus } from "../live/live-status";
import { type LiveView, useDeviceLive } from "../live/use-device-live";
import { formatCount, formatPercent } from "../policy/format";

const STATE_CLASS: Record<LinkReading["state"], string> = {
  up: "text-emerald-700",
  degraded: "text-amber-800",
  down: "text-rose-700",
  unknown: "text-slate-500",
};

// Step 6: the proof. New connections arriving on each link, live from the dashboard's monitor (it reads the device
// every two seconds); the column "since this check began" rises on every link that carries traffic.
export function StepLive() {
  const deviceId = useWizardStore((s) => s.deviceId);
  return deviceId ? <LiveLinks deviceId={deviceId} /> : null;
}

function LiveLinks({ deviceId }: { deviceId: string }) {
  const view: LiveView = useDeviceLive(deviceId);
  const data = view.live?.reading ?? null;
  const baseline = useRef<Record<string, bigint> | null>(null);
  if (data && baseline.current === null) baseline.current = Object.fromEntries(data.links.map((l) => [l.name, BigInt(l.newConnections ?? "0")]));
  const since = (l: LinkReading) => (l.newConnections === null ? null : (BigInt(l.newConnections) - (baseline.current?.[l.name] ?? 0n)).toString());
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        Open a few connections from the LAN (browse a site, run an update) and watch each link take its share. Live from the device.
      </p>
      <LiveStatus view={view} />
      {data && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus so a keyboard user can scroll it (WCAG 2.1.1); the section's name makes it a region
        <section aria-label="New connections per link" tabIndex={0} className="overflow-x-auto">
          <table className="w-full min-w-[20rem] text-sm" data-testid="live-links" aria-live="polite">
            <caption className="sr-only">New connections per link</caption>
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-600">
                <th scope="col" className="py-2 pr-4 font-medium">
                  Link
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  State
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  New connections
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  Since the check began
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  Share of new
                </th>
              </tr>
            </thead>
            <tbody>
              {data.links.map((l) => (
                <tr key={l.name} className="border-b border-slate-100" data-link={l.name}>
                  <th scope="row" className="py-2 pr-4 text-left font-medium">
                    {l.name}
                  </th>
                  <td className={`py-2 pr-4 ${STATE_CLASS[l.state]}`}>{l.state}</td>
                  <td className="py-2 pr-4 text-right tabular-nums" data-testid="link-new">
                    {formatCount(l.newConnections)}
                  </td>
                  <td className="py-2 pr-4 text-right tabular-nums" data-testid="link-new-since">
                    +{formatCount(since(l))}
                  </td>
                  <td className="py-2 text-right tabular-nums">{formatPercent(l.shareOfNew)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <p className="text-sm">
        <Link href={`/devices/${deviceId}/counters`} className="text-sky-700 hover:underline">
          Every rule&apos;s counters
        </Link>
        {" · "}
        <Link href={`/devices/${deviceId}/policy`} className="text-sky-700 hover:underline">
          Fine-tune the policy
        </Link>
      </p>
    </div>
  );
}
