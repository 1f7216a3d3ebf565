"use client";
import { useEffect } from "react";
import { goToStep, useWizardStore } from "@/stores/wizard-store";
import { PushSteps, useFollowPush } from "../policy/push-progress";
import { isFinished } from "../policy/push-words";

// Step 5: the push as it happens — check, apply, health gate, confirmed, or rolled back and why.
export function StepPush() {
  const started = useWizardStore((s) => s.push);
  const { push, follow } = useFollowPush(() => {});
  useEffect(() => {
    if (started && push?.id !== started.id) follow(started);
  }, [started, push?.id, follow]);
  if (!started) return <p className="text-sm text-slate-600">No push started yet: review the plan first.</p>;
  const shown = push ?? started;
  const done = isFinished(shown);
  const landed = done && (shown.status === "confirmed" || shown.status === "unchanged");
  return (
    <div className="space-y-4">
      <PushSteps push={shown} what="Push" />
      <div className="flex flex-wrap gap-2">
        {done && !landed && (
          <button type="button" className="btn-secondary" onClick={() => goToStep(3)}>
            Back to the review
          </button>
        )}
        {landed && (
          <button type="button" className="btn-primary" onClick={() => goToStep(5)}>
            Next: live check
          </button>
        )}
      </div>
    </div>
  );
}
