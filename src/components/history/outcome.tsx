import type { HistoryOutcome, HistoryPush } from "@/lib/domain/history";

// What became of a revision, in words (never colour alone): its newest push's ending and, when it did not take, why.

const WORDS: Record<HistoryOutcome, string> = {
  confirmed: "confirmed",
  rolled_back: "rolled back",
  unchanged: "unchanged (the device already had it)",
  refused: "refused (nothing was changed)",
  failed: "failed",
  running: "pushing…",
  not_pushed: "not pushed",
};

const LOOK: Record<HistoryOutcome, string> = {
  confirmed: "text-emerald-700",
  rolled_back: "text-amber-800",
  unchanged: "text-slate-600",
  refused: "text-amber-800",
  failed: "text-rose-700",
  running: "text-sky-700",
  not_pushed: "text-slate-600",
};

export const outcomeWords = (outcome: HistoryOutcome): string => WORDS[outcome];

/** Why a push did not take: its error, else the failed step's own words. */
export function whyNot(push: HistoryPush | undefined): string | null {
  if (!push || push.status === "confirmed" || push.status === "unchanged" || push.status === "running") return null;
  return push.error ?? (push.failedStep ? `${push.failedStep.step}: ${push.failedStep.detail}` : null);
}

export function Outcome({ outcome, pushes }: { outcome: HistoryOutcome; pushes: HistoryPush[] }) {
  const why = whyNot(pushes[0]);
  return (
    <div data-testid="history-outcome" data-outcome={outcome}>
      <span className={`font-medium ${LOOK[outcome]}`}>{WORDS[outcome]}</span>
      {why && <span className="block text-xs text-slate-600">because {why}</span>}
      {pushes.length > 1 && <span className="block text-xs text-slate-500">{pushes.length} pushes</span>}
    </div>
  );
}
