import type { DeviceReading } from "@/lib/domain/device/reading";
import { DRIFT_CHANGE_TEXT } from "./words";

const SHOWN = 12;

// Waymark's own objects on the device that differ from what the last push left there; a push restores them.
export function DriftNotice({ drift }: { drift: DeviceReading["drift"] }) {
  if (!drift.drifted) return null;
  const { entries } = drift;
  return (
    <div role="alert" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="drift">
      <p className="font-medium">Drift: {headline(entries.length)} Push again to restore {entries.length === 1 ? "it" : "them"}.</p>
      {entries.length > 0 && (
        <ul className="list-disc pl-5">
          {entries.slice(0, SHOWN).map((e, i) => (
            <li key={`${i}-${e.what}`}>
              {e.what}: {DRIFT_CHANGE_TEXT[e.change]}{e.detail ? ` (${e.detail})` : ""}
            </li>
          ))}
          {entries.length > SHOWN && <li>and {entries.length - SHOWN} more</li>}
        </ul>
      )}
    </div>
  );
}

function headline(count: number): string {
  if (count === 0) return "Waymark's objects on the device differ from what the last push left there.";
  if (count === 1) return "one of Waymark's objects on the device differs from what the last push left there.";
  return `${count} of Waymark's objects on the device differ from what the last push left there.`;
}
