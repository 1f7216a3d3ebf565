"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { Intent } from "@/lib/domain/intent";
import { notify } from "@/stores/notice-store";
import { draftChanges, type IntentChange } from "@/stores/policy-draft-checks";
import { markSaved, usePolicyDraftStore } from "@/stores/policy-draft-store";
import { api, ApiCallError } from "../../api";
import { Dialog } from "../../dialog";
import { PushSteps, useFollowPush } from "../push-progress";
import { isGood, pushSummary, type PushRecord } from "../push-words";
import { ReviewPlan, useDraftPreview } from "./review-plan";

export type ReviewTarget = { deviceId: string; deviceName: string; targetOptions: unknown };
type Running = { revision: number | null; intent: unknown; targetOptions: unknown } | null;

// "Review & push": what changes in the admin's words against what the device RUNS, the plan for the draft (what a
// push would add, change and remove on the device now, what it means, the exact text), then a reason, and Save only
// or Save and push, followed step by step. Nothing is sent to the device before this.
export function ReviewDialog({
  deviceId,
  deviceName,
  targetOptions,
  restoresTargetOptions = false,
  draft: staged,
  onClose,
}: ReviewTarget & { restoresTargetOptions?: boolean; draft: Intent; onClose: () => void }) {
  const router = useRouter();
  // What is reviewed is what is saved and pushed, even after the save replaces the store's draft.
  const [draft] = useState(staged);
  const base = usePolicyDraftStore((s) => s.saved?.revision ?? null);
  const [running, setRunning] = useState<{ value: Running } | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const plan = useDraftPreview(deviceId, draft, targetOptions);
  const {
    push,
    running: pushing,
    follow,
  } = useFollowPush((done) => {
    notify(isGood(done) ? "ok" : "error", pushSummary(done, "Push"));
    router.refresh();
  });

  useEffect(() => {
    api<Running>("GET", `/devices/${deviceId}/policy/running`)
      .then((value) => setRunning({ value }))
      .catch(() => setRunning({ value: null }));
  }, [deviceId]);

  /**
   * Saves the draft as the next revision. The server refuses it (409, in the admin's words) when someone saved since
   * the revision this draft started from; a revert saves the revision's device-side choices with it.
   */
  async function save(): Promise<number | null> {
    const body = {
      ...draft,
      ...(reason ? { reason } : {}),
      ...(base !== null ? { baseRevision: base } : {}),
      ...(restoresTargetOptions ? { targetOptions } : {}),
    };
    try {
      const saved = await api<{ intent: unknown; revision: number }>("PUT", `/devices/${deviceId}/policy`, body);
      markSaved(saved);
      return saved.revision;
    } catch (e) {
      if (!(e instanceof ApiCallError && e.status === 409)) throw e;
      setProblem(
        `${e.failure.message}. Your draft was not saved: close this review and look at their change (Discard edits loads it) before staging yours again.`,
      );
      return null;
    }
  }

  async function run(andPush: boolean) {
    setProblem(null);
    setBusy(true);
    try {
      const revision = await save();
      if (revision === null) return;
      if (!andPush) {
        notify("ok", `Policy saved; nothing was pushed yet (revision ${revision})`);
        router.refresh();
        onClose();
        return;
      }
      follow(await api<PushRecord>("POST", `/devices/${deviceId}/push`, { reason, revision }));
    } catch (e) {
      setProblem(e instanceof ApiCallError ? e.failure.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const locked = busy || pushing;
  const changes: IntentChange[] | null =
    running === null ? null : draftChanges(running.value?.intent ?? null, draft, running.value?.targetOptions ?? null, targetOptions);
  const against =
    running === null
      ? ""
      : running.value?.intent
        ? `what the device runs (revision ${running.value.revision ?? "not saved here"})`
        : "the device, which runs no Waymark policy yet";
  return (
    <Dialog open onClose={() => !locked && onClose()} title={`Review changes to ${deviceName}`} locked={locked}>
      <div className="max-h-[70vh] space-y-4 overflow-y-auto pr-1">
        <section className="space-y-2" aria-labelledby="review-changes-heading">
          <h3 id="review-changes-heading" className="font-semibold">
            What changes
          </h3>
          {changes === null ? (
            <p className="text-sm text-slate-600">Reading what the device runs…</p>
          ) : (
            <>
              <p className="text-sm text-slate-600">Compared with {against}:</p>
              <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="review-changes">
                {changes.length === 0 ? (
                  <li>nothing: the draft is what the device runs</li>
                ) : (
                  changes.map((c) => <li key={`${c.subject}-${c.text}`}>{c.text}</li>)
                )}
              </ul>
            </>
          )}
        </section>
        <section className="space-y-2" aria-labelledby="review-plan-heading">
          <h3 id="review-plan-heading" className="font-semibold">
            The plan
          </h3>
          <ReviewPlan {...plan} />
        </section>
        <label className="block">
          <span className="label">Why this change (kept in the history)</span>
          <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} disabled={locked || push !== null} />
        </label>
        {problem && (
          <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="review-problem">
            {problem}
          </p>
        )}
        {push && <PushSteps push={push} what="Push" />}
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={onClose} disabled={locked}>
          {push ? "Close" : "Cancel"}
        </button>
        {push === null && (
          <>
            <button type="button" className="btn-secondary" onClick={() => void run(false)} disabled={locked}>
              Save only
            </button>
            <button type="button" className="btn-primary" onClick={() => void run(true)} disabled={locked || plan.refusal !== null || plan.loading}>
              {busy ? "Saving…" : "Save and push"}
            </button>
          </>
        )}
      </div>
    </Dialog>
  );
}
