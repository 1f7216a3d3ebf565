"use client";
import { useEffect, useState } from "react";
import { useDraftCheck } from "@/stores/policy-draft-checks";
import { discardDraft, loadDraft, setPolicyUnsaved, useIsStaged, usePolicyDraftStore, type SavedPolicy } from "@/stores/policy-draft-store";
import { PolicyEditor } from "../policy-editor";
import { AlertsSection } from "./alerts-section";
import { CanEdit } from "./fields";
import { LeaveGuard } from "./leave-guard";
import { LinksSection } from "./links-section";
import { OutboundSection } from "./outbound-section";
import { PinnedSection } from "./pinned-section";
import { PoolsSection } from "./pools-section";
import { ReviewDialog, type ReviewTarget } from "./review-dialog";

export type WorkspaceProps = ReviewTarget & {
  canEdit: boolean;
  saved: SavedPolicy;
  starter: unknown;
  /** A revision loaded as the draft (?from=) with its device-side choices, or why it could not be. */
  from: { revision: number; intent: unknown; targetOptions: unknown } | null;
  fromProblem: string | null;
};

// The Policy tab's editor: the staged draft as cards (default) or as JSON ("Advanced"), the problems left before it
// can be reviewed, and Review & push / Discard edits. Leaving with staged edits asks first.
export function PolicyWorkspace(props: WorkspaceProps) {
  const { deviceId, canEdit, saved, starter, from } = props;
  const [view, setView] = useState<"builder" | "json">("builder");
  const [reviewing, setReviewing] = useState(false);
  const ready = usePolicyDraftStore((s) => s.deviceId === deviceId);
  const revertFrom = usePolicyDraftStore((s) => s.revertFrom);
  const staged = useIsStaged();
  const check = useDraftCheck();
  // A revert restores the revision's device-side choices (PCC or ECMP) with its intent: reviewed and saved together.
  const reverting = revertFrom !== null && from?.revision === revertFrom;

  useEffect(() => loadDraft(deviceId, saved, starter, from ?? undefined), [deviceId, saved, starter, from]);
  useEffect(() => setPolicyUnsaved(deviceId, ready && staged), [deviceId, ready, staged]);
  useEffect(() => () => setPolicyUnsaved(deviceId, false), [deviceId]);

  if (!ready) return <p className="text-sm text-slate-600">Loading the policy…</p>;
  return (
    <CanEdit.Provider value={canEdit}>
      <div className="space-y-4">
        {revertFrom !== null && (
          <p role="status" className="rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="revert-notice">
            Reverting to revision {revertFrom}: review the changes and push.
          </p>
        )}
        {props.fromProblem && (
          <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900">
            {props.fromProblem}
          </p>
        )}
        {!canEdit && <p className="text-sm text-slate-600">You can look at this policy; changing it needs the operator role.</p>}
        <fieldset className="flex flex-wrap items-center gap-2">
          <legend className="sr-only">How to edit the policy</legend>
          <ViewButton current={view} value="builder" onChoose={setView} label="Visual builder" />
          <ViewButton current={view} value="json" onChoose={setView} label="Advanced (JSON)" />
        </fieldset>
        {view === "builder" ? (
          <div className="space-y-6">
            <LinksSection deviceId={deviceId} />
            <OutboundSection />
            <PinnedSection />
            <PoolsSection />
            <AlertsSection />
          </div>
        ) : (
          <section className="card min-w-0 space-y-3" aria-labelledby="json-heading">
            <h2 id="json-heading" className="font-semibold">
              Advanced: the intent as JSON
            </h2>
            <PolicyEditor deviceId={deviceId} canEdit={canEdit} />
          </section>
        )}
        {canEdit && (
          <div className="sticky bottom-0 z-10 flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-md">
            <p className="min-w-0 flex-1 basis-48 text-sm" aria-live="polite">
              {staged ? (
                <span className="font-medium text-amber-800" data-testid="policy-unsaved">
                  Unsaved edits
                </span>
              ) : (
                <span className="text-slate-600">{saved ? `No edits to revision ${saved.revision}` : "Nothing saved yet"}</span>
              )}
              {check.count > 0 && (
                <span className="text-rose-700" data-testid="draft-problem-count">
                  {" · "}
                  {check.count === 1 ? "1 problem to fix before review" : `${check.count} problems to fix before review`}
                </span>
              )}
            </p>
            {staged && (
              <button type="button" className="btn-secondary" onClick={discardDraft}>
                Discard edits
              </button>
            )}
            <button type="button" className="btn-primary" disabled={check.intent === null || !staged} onClick={() => setReviewing(true)}>
              Review &amp; push
            </button>
          </div>
        )}
      </div>
      {reviewing && check.intent && (
        <ReviewDialog
          {...props}
          targetOptions={reverting ? from.targetOptions : props.targetOptions}
          restoresTargetOptions={reverting}
          draft={check.intent}
          onClose={() => setReviewing(false)}
        />
      )}
      <LeaveGuard active={staged} />
    </CanEdit.Provider>
  );
}

function ViewButton({
  current,
  value,
  onChoose,
  label,
}: {
  current: string;
  value: "builder" | "json";
  onChoose: (v: "builder" | "json") => void;
  label: string;
}) {
  return (
    <button type="button" aria-pressed={current === value} className={current === value ? "btn-primary" : "btn-secondary"} onClick={() => onChoose(value)}>
      {label}
    </button>
  );
}
