import type { DeviceReading } from "@/lib/domain/device/reading";
import { DRIFT_CHANGE_TEXT } from "./words";

const SHOWN = 12;

// Waymark's own objects on the device that differ from what the last push left there; a push restores them.
export function DriftNotice({ drift }: { drift: DeviceReading["drift"] }) {
  if (!drift.drifted) return null;
  const { entries } = drift;
  return (
    <div role="alert" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="drift">
      <p className="font-medium">
        Drift: {headline(entries.length)} Push again to restore {entries.length === 1 ? "it" : "them"}.
      </p>
      {entries.length > 0 && (
        <ul className="list-disc pl-5">
          {withKeys(entries.slice(0, SHOWN)).map(({ key, entry: e }) => (
            <li key={key}>
              {e.what}: {DRIFT_CHANGE_TEXT[e.change]}
              {e.detail ? ` (${e.detail})` : ""}
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

type DriftEntry = DeviceReading["drift"]["entries"][number];

// Two extra copies of one object read the same, so a repeat gets its running number to keep the keys unique.
function withKeys(entries: DriftEntry[]): { key: string; entry: DriftEntry }[] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    const base = `${entry.change}:${entry.what}:${entry.detail}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { key: `${base}#${count}`, entry };
  });
}
