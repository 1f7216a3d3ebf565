"use client";
import { useEffect, useState } from "react";
import type { DeviceChanges } from "@/lib/domain/device/changes";
import { goToStep, setReason, setStartedPush, useWizardStore } from "@/stores/wizard-store";
import { api, ApiCallError } from "../api";
import type { PushRecord } from "../policy/push-words";
import { draftIntent } from "./wizard-form";

type Severity = "error" | "warning" | "info";
type Preview = {
  label: string;
  warnings: { code: string; severity: Severity; message: string }[];
  plan: { script?: string };
  changes: DeviceChanges | null;
  meaning: string[];
};

const SEVERITY: Record<Severity, { word: string; look: string }> = {
  error: { word: "Error", look: "border-rose-300 bg-rose-50 text-rose-900" },
  warning: { word: "Warning", look: "border-amber-300 bg-amber-50 text-amber-950" },
  info: { word: "Info", look: "border-slate-200 bg-slate-50 text-slate-700" },
};
const ORDER: Severity[] = ["error", "warning", "info"];

const summary = (c: DeviceChanges | null) =>
  c === null ? "changes unknown: the device was not asked" : `${c.add} to add, ${c.change} to change, ${c.remove} to remove`;

// Step 4: the plan terraform-style, asked of the device as it is now: what a push adds, changes and removes, what
// it means, the warnings, and the exact change a click away. Then save (with a reason) and push.
export function StepReview() {
  const { deviceId, form, view, reason } = useWizardStore();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = view?.existing?.intent ?? null;
  const minInterval = view?.capabilities.minProbeIntervalMs;
  const draft = form ? { intent: draftIntent(form, base, minInterval), targetOptions: { routeros: { balancer: form.balancer } } } : null;
  const draftKey = JSON.stringify(draft);

  useEffect(() => {
    if (!deviceId || !draftKey) return;
    let stale = false;
    setPreview(null);
    setError(null);
    api<Preview>("POST", `/devices/${deviceId}/plan`, { draft: JSON.parse(draftKey) })
      .then((p) => !stale && setPreview(p))
      .catch((e) => !stale && setError(e instanceof ApiCallError ? e.failure.message : String(e)));
    return () => {
      stale = true;
    };
  }, [deviceId, draftKey]);

  async function saveAndPush() {
    if (!deviceId || !form || !draft || !view) return;
    setBusy(true);
    setError(null);
    try {
      // One revision with the intent and (on a MikroTik) the balancer; refused (409) when someone saved the policy
      // since the wizard read it.
      const saved = await api<{ revision: number }>("PUT", `/devices/${deviceId}/policy`, {
        ...(draft.intent as object),
        reason,
        ...(view.existing ? { baseRevision: view.existing.revision } : {}),
        ...(view.device.kind === "routeros" ? { targetOptions: draft.targetOptions } : {}),
      });
      const push = await api<PushRecord>("POST", `/devices/${deviceId}/push`, { reason, revision: saved.revision });
      setStartedPush(push);
      goToStep(4);
    } catch (e) {
      setError(e instanceof ApiCallError ? e.failure.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  if (!form) return null;
  const warnings = [...(preview?.warnings ?? [])].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
  return (
    <div className="space-y-5">
      {!preview && !error && (
        <p className="text-sm text-slate-600" role="status">
          Reading the device and compiling the plan…
        </p>
      )}
      {error && (
        <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="wizard-review-error">
          {error}
        </p>
      )}
      {preview && (
        <>
          <p className="text-lg font-semibold" data-testid="changes-summary">
            {summary(preview.changes)}
          </p>
          <p className="text-sm text-slate-600">{preview.label}</p>
          <section aria-labelledby="wizard-meaning" className="space-y-2">
            <h3 id="wizard-meaning" className="font-semibold">
              What it means
            </h3>
            <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="plan-meaning">
              {preview.meaning.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </section>
          {warnings.length > 0 && (
            <section aria-labelledby="wizard-warnings" className="space-y-2">
              <h3 id="wizard-warnings" className="font-semibold">
                Warnings
              </h3>
              <ul className="space-y-1 text-sm" data-testid="plan-warnings">
                {warnings.map((w) => (
                  <li key={`${w.code}-${w.message}`} className={`rounded-md border px-3 py-1.5 ${SEVERITY[w.severity].look}`} data-severity={w.severity}>
                    <span className="font-semibold">{SEVERITY[w.severity].word}:</span> {w.message}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {preview.changes && preview.changes.items.length > 0 && (
            <details className="rounded-md border border-slate-200 p-3">
              <summary className="cursor-pointer text-sm font-medium">Each object added, changed or removed ({preview.changes.items.length})</summary>
              {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus so a keyboard user can scroll it (WCAG 2.1.1); the section's name makes it a region */}
              <section aria-label="Objects added, changed or removed" tabIndex={0} className="mt-2 max-h-80 overflow-auto">
                <ul className="space-y-0.5 font-mono text-xs" data-testid="change-items">
                  {preview.changes.items.map((item, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole, never reordered
                    <li key={index} className="break-words">
                      <span className={item.op === "add" ? "text-emerald-700" : item.op === "remove" ? "text-rose-700" : "text-amber-800"}>
                        {item.op === "add" ? "+" : item.op === "remove" ? "−" : "~"} {item.op}
                      </span>{" "}
                      {item.what}
                    </li>
                  ))}
                </ul>
              </section>
            </details>
          )}
          <details className="rounded-md border border-slate-200 p-3">
            <summary className="cursor-pointer text-sm font-medium">
              The exact device change ({view?.device.kind === "routeros" ? "RouterOS script" : "nft script and ip commands"})
            </summary>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus so a keyboard user can scroll it (WCAG 2.1.1); the section's name makes it a region */}
            <section aria-label="The exact device change" tabIndex={0} className="mt-2 max-h-96 overflow-auto rounded bg-slate-100">
              <pre className="p-3 text-xs" data-testid="plan-script">
                {preview.plan.script ?? ""}
              </pre>
            </section>
          </details>
        </>
      )}
      <div className="max-w-xl">
        <label htmlFor="wizard-reason" className="label">
          Reason for this change
        </label>
        <input id="wizard-reason" className="input" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        <p className="mt-1 text-xs text-slate-500">Kept with the saved revision and the push in the history.</p>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" onClick={() => goToStep(2)}>
          Back
        </button>
        <button type="button" className="btn-primary" onClick={saveAndPush} disabled={!preview || busy || warnings.some((w) => w.severity === "error")}>
          {busy ? "Saving and starting the push…" : "Save and push"}
        </button>
      </div>
    </div>
  );
}
