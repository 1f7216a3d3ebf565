"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { notify } from "@/stores/notice-store";
import { useHasUnsavedPolicy } from "@/stores/policy-draft-store";
import { api, ApiCallError } from "../api";
import { useFollowPush, PushSteps } from "./push-progress";
import { isGood, pushSummary, type PushRecord } from "./push-words";
import { RemovePolicyDialog } from "./remove-policy-dialog";

type Props = {
  deviceId: string;
  deviceName: string;
  /** The saved policy revision this page shows; the push names it, so a newer save elsewhere is refused (409). */
  revision: number;
  /** Waymark's objects are on the device (the last push that took effect was not a removal). */
  onDevice: boolean;
};

export const SAVE_FIRST = "Save your edits before pushing: the push sends the saved policy.";

// Starts a push of the saved policy, or the removal of Waymark's objects, and follows it step by step until it
// confirms, rolls back or is refused.
export function PushPanel({ deviceId, deviceName, revision, onDevice }: Props) {
  const router = useRouter();
  const unsaved = useHasUnsavedPolicy(deviceId);
  const [reason, setReason] = useState("");
  const [what, setWhat] = useState<"Push" | "Removal">("Push");
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const { push, running, follow } = useFollowPush((done) => {
    notify(isGood(done) ? "ok" : "error", pushSummary(done, what));
    router.refresh();
  });

  async function start(kind: "Push" | "Removal", request: () => Promise<PushRecord>) {
    setError(null);
    setWhat(kind);
    try {
      follow(await request());
    } catch (e) {
      setError(e instanceof ApiCallError ? e.failure.message : String(e));
    }
  }

  const pushNow = () => start("Push", () => api<PushRecord>("POST", `/devices/${deviceId}/push`, { reason, revision }));
  const removeNow = (why: string) => {
    setAsking(false);
    void start("Removal", () => api<PushRecord>("POST", `/devices/${deviceId}/policy/removal`, { reason: why }));
  };

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600" data-testid="push-revision">
        Sends revision {revision} of the saved policy.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="block min-w-0 flex-1 basis-64">
          <span className="label">Reason for this change (kept in the history)</span>
          <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
        </label>
        <button
          type="button"
          className="btn-primary"
          onClick={pushNow}
          disabled={running || unsaved}
          aria-describedby={unsaved ? "push-save-first" : undefined}
        >
          {running && what === "Push" ? "Pushing…" : "Push"}
        </button>
      </div>
      {unsaved && (
        <p id="push-save-first" className="text-sm text-amber-800" data-testid="push-save-first">
          {SAVE_FIRST}
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      )}
      {push && <PushSteps push={push} what={what} />}
      {onDevice && (
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-3">
          <p className="min-w-0 flex-1 basis-64 text-sm text-slate-600">
            Taking this device out of Waymark? Remove the routes, rules and health probes Waymark put there first.
          </p>
          <button type="button" className="btn-secondary text-rose-700" onClick={() => setAsking(true)} disabled={running}>
            {running && what === "Removal" ? "Removing…" : "Remove Waymark's policy"}
          </button>
        </div>
      )}
      <RemovePolicyDialog open={asking} onClose={() => setAsking(false)} onConfirm={removeNow} deviceName={deviceName} />
    </div>
  );
}
