"use client";
import { useEffect, useRef, useState } from "react";
import { usePolling } from "@/hooks/use-polling";
import { api } from "../api";
import { isFinished, latestSteps, PUSH_STATUS_CLASS, pushSummary, STEP_STATUS_TEXT, stepText, type PushRecord, type PushStepRecord } from "./push-words";

const POLL_MS = 500;

/** Follows one push (or removal) until it ends; `onFinished` runs once with its final record. */
export function useFollowPush(onFinished: (push: PushRecord) => void) {
  const [followed, setFollowed] = useState<PushRecord | null>(null);
  const running = followed !== null && !isFinished(followed);
  const id = running ? followed.id : null;
  const { data } = usePolling<PushRecord>(id ? () => api<PushRecord>("GET", `/pushes/${id}`) : null, POLL_MS);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    if (!data || data.id !== id) return;
    setFollowed(data);
    if (isFinished(data)) finished.current(data);
  }, [data, id]);

  function follow(started: PushRecord) {
    setFollowed(started);
    if (isFinished(started)) finished.current(started);
  }

  return { push: followed, running, follow };
}

const STEP_CLASS: Record<PushStepRecord["status"], string> = {
  running: "text-sky-700",
  ok: "text-emerald-700",
  failed: "text-rose-700",
  skipped: "text-slate-500",
};

export function PushSteps({ push, what }: { push: PushRecord; what: "Push" | "Removal" }) {
  return (
    <div className="space-y-2" aria-live="polite">
      <ol className="space-y-1 text-sm" data-testid="push-steps" aria-label={`${what} steps`}>
        {latestSteps(push.steps).map((s) => (
          <li key={s.step} data-step={s.step} data-status={s.status} className="flex flex-wrap gap-x-3">
            <span className="w-52 shrink-0 font-medium">{stepText(s.step)}</span>
            <span className={`w-24 shrink-0 ${STEP_CLASS[s.status]}`}>{STEP_STATUS_TEXT[s.status]}</span>
            {s.detail && <span className="min-w-0 break-words text-slate-600">{s.detail}</span>}
          </li>
        ))}
        {push.steps.length === 0 && <li className="text-slate-500">Starting…</li>}
      </ol>
      {isFinished(push) && (
        <p className={`text-sm font-medium ${PUSH_STATUS_CLASS[push.status]}`} data-testid="push-outcome">
          {pushSummary(push, what)}
        </p>
      )}
    </div>
  );
}
