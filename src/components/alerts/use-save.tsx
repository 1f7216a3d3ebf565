"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { notify } from "@/stores/notice-store";
import { ApiCallError, fieldErrors } from "../api";

/** Saves through the API, then refreshes the page; a refusal is kept in the API's words, with field errors by path. */
export function useSave(onDone?: () => void) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  async function save(run: () => Promise<unknown>, done: string) {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await run();
      notify("ok", done);
      onDone?.();
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiCallError ? e.failure.message : String(e));
      setFields(fieldErrors(e));
    } finally {
      setBusy(false);
    }
  }
  return { save, error, fields, busy };
}

export function FormError({ error, fields }: { error: string | null; fields: Record<string, string> }) {
  if (!error) return null;
  const details = Object.entries(fields);
  return (
    <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-800 sm:col-span-full">
      <p>{error}</p>
      {details.length > 0 && (
        <ul className="mt-1 list-disc pl-5 text-xs">
          {details.map(([path, message]) => (
            <li key={path}>
              {path}: {message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The foot of an alert form: Add (new) or Save (editing) with its progress, and Cancel while editing. */
export function SaveButtons({
  busy,
  editing,
  noun,
  onCancel,
  className = "flex gap-2",
}: {
  busy: boolean;
  editing: boolean;
  noun: string;
  onCancel?: () => void;
  className?: string;
}) {
  return (
    <div className={className}>
      <button type="submit" className="btn-primary" disabled={busy}>
        {busy ? "Saving…" : editing ? `Save ${noun}` : `Add ${noun}`}
      </button>
      {onCancel && editing && (
        <button type="button" className="btn-secondary" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
