"use client";
import type { ReactNode } from "react";

/** A labelled input with the allowed values under it and the API's issue, read out with the field. */
export function WizardField({ id, label, hint, issue, children }: { id: string; label: string; hint?: string; issue?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {children}
      {hint && !issue && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {issue && (
        <p id={`${id}-issue`} className="mt-1 text-xs text-rose-700" data-testid="field-issue">
          {issue}
        </p>
      )}
    </div>
  );
}

/** The aria attributes that tie an input to its hint or issue. */
export const described = (id: string, hint: string | undefined, issue: string | undefined) => ({
  "aria-invalid": issue ? true : undefined,
  "aria-describedby": issue ? `${id}-issue` : hint ? `${id}-hint` : undefined,
});
