"use client";
import { useEffect, useState } from "react";
import type { Intent } from "@/lib/domain/intent";
import { api, ApiCallError } from "../../api";

type Severity = "info" | "warning" | "error";
type Changes = { add: number; change: number; remove: number; items: { op: "add" | "change" | "remove"; what: string }[] } | null;
export type DraftPreview = {
  label: string;
  checkedAgainstDevice: boolean;
  warnings: { code: string; severity: Severity; message: string }[];
  plan: { script?: unknown };
  changes?: Changes;
  meaning?: string[];
};

const LOOK: Record<Severity, string> = {
  error: "border-rose-300 bg-rose-50 text-rose-900",
  warning: "border-amber-300 bg-amber-50 text-amber-950",
  info: "border-slate-200 bg-slate-50 text-slate-700",
};
const WORD: Record<Severity, string> = { error: "Error", warning: "Warning", info: "Info" };
const ORDER: Severity[] = ["error", "warning", "info"];

/** The draft compiled for the device without saving it: what a push would change, what it means, the exact text. */
export function useDraftPreview(deviceId: string, draft: Intent, targetOptions: unknown) {
  const [preview, setPreview] = useState<DraftPreview | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api<DraftPreview>("POST", `/devices/${deviceId}/plan`, { draft: { intent: draft, targetOptions } })
      .then((p) => live && setPreview(p))
      .catch((e) => live && setRefusal(e instanceof ApiCallError ? e.failure.message : String(e)));
    return () => {
      live = false;
    };
  }, [deviceId, draft, targetOptions]);
  return { preview, refusal, loading: preview === null && refusal === null };
}

export function ReviewPlan({ preview, refusal, loading }: ReturnType<typeof useDraftPreview>) {
  if (loading) return <p className="text-sm text-slate-600">Compiling the plan and reading the device…</p>;
  if (refusal)
    return (
      <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="review-plan-refused">
        The plan was refused: {refusal}
      </p>
    );
  if (!preview) return null;
  const script = typeof preview.plan.script === "string" ? preview.plan.script : "";
  const warnings = [...preview.warnings].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
  const changes = preview.changes;
  return (
    <div className="space-y-3" data-testid="review-plan">
      <p className="text-sm font-medium" data-testid="review-plan-summary">
        {changes
          ? `${changes.add} to add, ${changes.change} to change, ${changes.remove} to remove`
          : "What changes on the device is not known (it was not read)"}
        <span className="font-normal text-slate-600"> · {preview.label}</span>
      </p>
      {preview.meaning && preview.meaning.length > 0 && (
        <ul className="list-disc space-y-1 pl-5 text-sm" aria-label="What the plan means" data-testid="review-meaning">
          {preview.meaning.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul className="space-y-1 text-sm" aria-label="Plan warnings">
          {warnings.map((w) => (
            <li key={`${w.code}-${w.message}`} className={`rounded-md border px-3 py-1.5 ${LOOK[w.severity]}`} data-severity={w.severity}>
              <span className="font-semibold">{WORD[w.severity]}:</span> {w.message}
            </li>
          ))}
        </ul>
      )}
      <details className="rounded-md border border-slate-200">
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium">The exact device change</summary>
        {changes && changes.items.length > 0 && (
          <ul className="space-y-0.5 px-3 pb-2 font-mono text-xs">
            {changes.items.map((item, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: two identical lines are two objects; their place tells them apart
              <li key={i}>
                <span className="font-semibold">{item.op === "add" ? "+ add" : item.op === "remove" ? "− remove" : "~ change"}</span> {item.what}
              </li>
            ))}
          </ul>
        )}
        <pre className="code-block max-h-72 overflow-auto p-3 text-xs" data-testid="review-script">
          {script}
        </pre>
      </details>
    </div>
  );
}
