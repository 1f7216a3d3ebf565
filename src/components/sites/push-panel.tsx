"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiCallError } from "@/components/api";
import type { SitePreview, SitePushView } from "@/lib/domain/site";
import { SitePushProgress } from "./push-progress";
import { SitePreviewView } from "./site-preview";
import { useFollowSitePush } from "./use-follow-site-push";

const message = (e: unknown) => (e instanceof ApiCallError ? e.failure.message : String(e));

// "Preview and push": every member's plan of the saved site, side by side with what would change, then a reason and
// the push, followed device by device until the site's outcome. The page is refreshed when it ends, so the members'
// applied state and the history show it.
export function SitePushPanel({ siteId, revision, onPushed }: { siteId: string; revision: number; onPushed: (push: SitePushView) => void }) {
  const router = useRouter();
  const [preview, setPreview] = useState<SitePreview | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState<"preview" | "push" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { push, running, follow } = useFollowSitePush(siteId, (ended) => {
    onPushed(ended);
    router.refresh();
  });

  async function loadPreview() {
    setBusy("preview");
    setError(null);
    try {
      setPreview(await api<SitePreview>("POST", `/sites/${siteId}/plan`, {}));
    } catch (e) {
      setPreview(null);
      setError(message(e));
    } finally {
      setBusy(null);
    }
  }

  async function startPush() {
    setBusy("push");
    setError(null);
    try {
      const { pushId } = await api<{ pushId: string }>("POST", `/sites/${siteId}/pushes`, { reason, revision });
      await follow(pushId);
      setPreview(null);
      setReason("");
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card space-y-4" aria-labelledby="site-push-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="site-push-title" className="text-lg font-semibold">
          Preview and push
        </h2>
        <button type="button" className="btn-secondary" onClick={() => void loadPreview()} disabled={busy !== null || running}>
          {busy === "preview" ? "Reading every member…" : preview ? "Preview again" : "Preview and push"}
        </button>
      </div>
      <p className="text-sm text-slate-600">
        Each device gets its own plan, is health-gated on its own and rolls back by itself if the dashboard cannot confirm it, so one failing device never takes
        the others down.
      </p>
      {busy === "preview" && (
        <p className="text-sm text-slate-600" role="status">
          Reading every member device and compiling its plan…
        </p>
      )}
      {error && (
        <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="site-push-error">
          {error}
        </p>
      )}
      {preview && !running && (
        <>
          <SitePreviewView preview={preview} />
          {preview.leaving.length > 0 && (
            <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="site-leaving">
              The push also takes the site off {preview.leaving.map((l) => l.deviceName).join(", ")}, which left it since the last push.
            </p>
          )}
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              void startPush();
            }}
          >
            <div>
              <label htmlFor="site-push-reason" className="label">
                Reason
              </label>
              <input
                id="site-push-reason"
                className="input"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                maxLength={500}
                placeholder="why, for the history: such as “add web-3”"
              />
            </div>
            <button type="submit" className="btn-primary" disabled={!preview.pushable || busy !== null}>
              {busy === "push" ? "Starting…" : `Push to ${preview.members.length} devices`}
            </button>
            {!preview.pushable && <p className="text-sm text-rose-700">Fix the errors above first: a device with an error cannot be pushed.</p>}
          </form>
        </>
      )}
      {push && <SitePushProgress push={push} what="Push" />}
    </section>
  );
}
