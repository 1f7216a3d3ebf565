import type { DrillEvent, DrillOutcome } from "@/lib/domain/drill";
import type { DrillRecord } from "./types";

export const seconds = (ms: number | null): string => (ms === null ? "—" : `${(ms / 1000).toFixed(1)} s`);

export const OUTCOME_TEXT: Record<DrillOutcome, string> = { running: "running", passed: "passed", failed: "failed", aborted: "aborted" };

export const OUTCOME_CLASS: Record<DrillOutcome, string> = {
  running: "bg-sky-100 text-sky-900",
  passed: "bg-emerald-100 text-emerald-900",
  failed: "bg-rose-100 text-rose-900",
  aborted: "bg-amber-100 text-amber-900",
};

/** One phase in the admin's words: "detected after 1.2 s". */
export function phaseText(event: DrillEvent): string {
  switch (event.phase) {
    case "started":
      return "started";
    case "blocked":
      return "probe answers blocked";
    case "detected":
      return `detected after ${seconds(event.ms)}`;
    case "switched":
      return `switched after ${seconds(event.ms)}`;
    case "no-traffic":
      return "no traffic to observe the switch";
    case "restored":
      return "probe answers let through again";
    case "recovered":
      return `back up ${seconds(event.ms)} after the restore`;
    case "failed":
      return "failed";
    case "aborted":
      return "aborted";
  }
}

/** "switched after 1.4 s", or why there is no number. */
export function switchText(drill: DrillRecord): string {
  if (drill.switchMs !== null) return seconds(drill.switchMs);
  if (drill.events.some((e) => e.phase === "no-traffic")) return "no traffic to observe";
  return "—";
}
