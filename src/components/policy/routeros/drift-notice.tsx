import type { DriftReading } from "./types";

const CHANGE_TEXT = { missing: "missing", changed: "changed", moved: "out of order", extra: "duplicated" } as const;

// Waymark's own objects on the router that differ from the last confirmed plan; a push restores them.
export function DriftNotice({ entries }: { entries: DriftReading[] }) {
  if (entries.length === 0) return null;
  return (
    <div role="alert" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="drift">
      <p>Drift: {entries.length} of Waymark&apos;s objects on the router differ from the last push. Push again to restore them.</p>
      <ul className="list-disc pl-5 text-xs">
        {entries.slice(0, 10).map((e) => (
          <li key={`${e.menu}-${e.comment}-${e.change}`}><span className="font-mono">{e.menu} {e.comment}</span>: {CHANGE_TEXT[e.change]}{e.detail ? ` (${e.detail})` : ""}</li>
        ))}
      </ul>
    </div>
  );
}
