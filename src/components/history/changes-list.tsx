import type { IntentChange } from "@/lib/domain/intent";

export function ChangesList({ changes, label }: { changes: IntentChange[]; label: string }) {
  if (changes.length === 0) return <p className="text-sm text-slate-600">No change to the policy's meaning.</p>;
  return (
    <ul aria-label={label} className="list-disc space-y-0.5 pl-5 text-sm" data-testid="history-changes">
      {changes.map((c, i) => (
        // The same sentence can appear twice (two pools with a backend of the same name); the position tells them apart.
        // biome-ignore lint/suspicious/noArrayIndexKey: the list is rendered once, never reordered
        <li key={`${i}-${c.text}`}>{c.text}</li>
      ))}
    </ul>
  );
}
