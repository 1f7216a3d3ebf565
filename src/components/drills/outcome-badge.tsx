import type { DrillOutcome } from "@/lib/domain/drill";
import { OUTCOME_CLASS, OUTCOME_TEXT } from "./words";

export function OutcomeBadge({ outcome }: { outcome: DrillOutcome }) {
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${OUTCOME_CLASS[outcome]}`}>{OUTCOME_TEXT[outcome]}</span>;
}
