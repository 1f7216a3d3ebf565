"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiCallError } from "@/components/api";
import { Dialog } from "@/components/dialog";
import type { SitePushView } from "@/lib/domain/site";
import { SitePushProgress } from "./push-progress";
import { useFollowSitePush } from "./use-follow-site-push";

// "Take off devices": the site's plan removed from every device that runs it, each with its own gate and rollback.
// The site stays saved (it can be pushed again, or deleted once nothing of it is left on a device).
export function TakeOffDialog({
  siteId,
  siteName,
  applied,
  onEnded,
}: {
  siteId: string;
  siteName: string;
  applied: string[];
  onEnded: (push: SitePushView) => void;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { push, running, follow } = useFollowSitePush(siteId, (ended) => {
    onEnded(ended);
    router.refresh();
  });

  async function takeOff() {
    setBusy(true);
    setError(null);
    try {
      const { pushId } = await api<{ pushId: string }>("POST", `/sites/${siteId}/removal`, { reason });
      await follow(pushId);
    } catch (e) {
      setError(e instanceof ApiCallError ? e.failure.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const locked = busy || running;
  return (
    <>
      <button
        type="button"
        className="btn-danger"
        onClick={() => setOpen(true)}
        disabled={applied.length === 0}
        title={applied.length === 0 ? "No device runs this site" : undefined}
      >
        Take off devices
      </button>
      <Dialog open={open} onClose={() => !locked && setOpen(false)} title={`Take site ${siteName} off its devices?`} locked={locked}>
        <div className="space-y-2 text-sm text-slate-700">
          <p>
            Waymark removes what it put on {applied.join(", ")}: the site stops answering there. Each device is checked and rolls back on its own if the removal
            cannot be confirmed. The site stays saved.
          </p>
          <label htmlFor="take-off-reason" className="label">
            Reason for taking it off
          </label>
          <input id="take-off-reason" className="input" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} disabled={locked} />
        </div>
        {error && (
          <p role="alert" className="text-sm text-rose-800">
            {error}
          </p>
        )}
        {push && <SitePushProgress push={push} what="Removal" />}
        <div className="flex flex-wrap justify-end gap-3">
          <button type="button" className="btn-secondary" onClick={() => setOpen(false)} disabled={locked}>
            {push && !running ? "Close" : "Cancel"}
          </button>
          {!(push && !running) && (
            <button type="button" className="btn-danger" onClick={() => void takeOff()} disabled={locked}>
              {locked ? "Taking off…" : "Take off devices"}
            </button>
          )}
        </div>
      </Dialog>
    </>
  );
}
