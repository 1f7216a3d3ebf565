import "server-only";
import type { HistoryOutcome, HistoryPush } from "@/lib/domain/history";
import type { Push } from "@/lib/db/generated/sqlite/client";
import { toPushView } from "../pushes/internal";

export function toHistoryPush(row: Push): HistoryPush {
  const view = toPushView(row);
  const failed = view.steps.find((s) => s.status === "failed");
  return {
    id: view.id,
    status: view.status,
    error: view.error,
    failedStep: failed ? { step: failed.step, detail: failed.detail ?? "" } : null,
    actorName: view.actorName,
    reason: view.reason,
    startedAt: view.startedAt,
  };
}

export const outcomeOf = (pushes: readonly HistoryPush[]): HistoryOutcome => pushes[0]?.status ?? "not_pushed";
