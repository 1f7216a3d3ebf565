import Link from "next/link";
import { formatDateTime } from "@/components/format-time";
import type { ServiceContext } from "@/lib/services/context";
import { compareSavedAndRunning, type SavedVsRunningView } from "@/lib/services/policies";

// The overview's "saved vs running" banner: whether the saved policy is what the device runs, and when it is not
// (not pushed yet, or its push was rolled back), why, with one click to the meaning-level difference.

const LOOK = {
  in_sync: "border-emerald-300 bg-emerald-50 text-emerald-900",
  pending: "border-sky-300 bg-sky-50 text-sky-900",
  pushing: "border-sky-300 bg-sky-50 text-sky-900",
  never_pushed: "border-slate-300 bg-white text-slate-800",
  removed: "border-slate-300 bg-white text-slate-800",
  rejected: "border-amber-300 bg-amber-50 text-amber-900",
} as const;

const PUSH_ENDING = { rolled_back: "was rolled back", refused: "was refused", failed: "failed", running: "is running" } as const;

function runsWhat(view: SavedVsRunningView): string {
  const running = view.running;
  if (running === null) return "nothing of Waymark's was ever confirmed on the device";
  if (running.intent === null) return `the device runs no Waymark policy (it was removed ${formatDateTime(running.at)})`;
  if (running.revision === null) return `the device runs the policy pushed ${formatDateTime(running.at)}, before revisions were kept`;
  return `the device runs revision ${running.revision} (pushed ${formatDateTime(running.at)})`;
}

function sentence(view: SavedVsRunningView): string {
  const saved = view.savedRevision;
  switch (view.state) {
    case "in_sync":
      return `What is saved (revision ${saved}) is what the device runs.`;
    case "pushing":
      return `Saved revision ${saved} is being pushed to the device now.`;
    case "never_pushed":
      return `Saved revision ${saved} has not been pushed to the device yet.`;
    case "removed":
    case "pending":
      return `Saved revision ${saved} is not on the device: ${runsWhat(view)}.`;
    case "rejected": {
      const ending = view.lastPush ? PUSH_ENDING[view.lastPush.status as keyof typeof PUSH_ENDING] : "did not take";
      return `Saved revision ${saved} is not on the device: the last push (revision ${saved}) ${ending}${view.why ? ` because ${view.why}` : ""}; ${runsWhat(view)}.`;
    }
  }
}

function differenceHref(deviceId: string, view: SavedVsRunningView): string | null {
  if (view.state === "in_sync" || view.state === "pushing") return null;
  const against = view.running?.revision;
  return `/history/${deviceId}/${view.savedRevision}${against != null && view.running?.intent ? `?against=${against}` : ""}`;
}

export async function SavedVsRunning({ ctx, deviceId }: { ctx: ServiceContext; deviceId: string }) {
  const view = await compareSavedAndRunning(ctx, deviceId);
  if (view === null) return null;
  const href = differenceHref(deviceId, view);
  return (
    <section
      aria-label="Saved policy and what the device runs"
      className={`rounded-md border px-4 py-3 text-sm ${LOOK[view.state]}`}
      data-testid="saved-vs-running"
      data-state={view.state}
    >
      <p role="status">{sentence(view)}</p>
      {href && (
        <Link href={href} className="mt-1 inline-block font-medium underline">
          {view.changeCount > 0 ? `See the ${view.changeCount} ${view.changeCount === 1 ? "change" : "changes"} not on the device` : "See this revision"}
        </Link>
      )}
    </section>
  );
}
