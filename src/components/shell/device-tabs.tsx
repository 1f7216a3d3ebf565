"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

// The device's screens as one tab bar. It is a list of links (each tab is its own page, so the browser's back
// button and "open in new tab" work), not an ARIA tablist; the current one says so with aria-current. At 390 px the
// bar scrolls sideways instead of wrapping onto three ragged lines.
export function DeviceTabs({ deviceId }: { deviceId: string }) {
  const pathname = usePathname();
  const base = `/devices/${deviceId}`;
  const tabs = [
    { href: base, label: "Overview" },
    { href: `${base}/wizard`, label: "Setup wizard" },
    { href: `${base}/policy`, label: "Policy" },
    { href: `${base}/pools`, label: "Pools" },
    { href: `${base}/counters`, label: "Live counters" },
    { href: `${base}/drills`, label: "Drills" },
    { href: `${base}/trends`, label: "Trends" },
    { href: `/history?device=${encodeURIComponent(deviceId)}`, label: "History" },
  ];
  return (
    <nav aria-label="Device" className="-mx-2 overflow-x-auto border-b border-slate-200 px-2" data-testid="device-tabs">
      <ul className="flex min-w-max gap-1">
        {tabs.map((tab) => {
          const current = pathname === tab.href;
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={current ? "page" : undefined}
                className={`-mb-px inline-block border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
                  current ? "border-sky-700 font-medium text-sky-800" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
