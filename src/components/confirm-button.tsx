"use client";
import { useState, type ReactNode } from "react";
import { ApiCallError } from "./api";
import { Dialog } from "./dialog";

// A button whose action changes something that cannot be taken back (delete a user, revoke a token, trust a new
// host key): it asks first in an in-app dialog that says what will happen, runs the action from there and, when the
// dashboard refuses, shows the refusal in the dialog in the API's own words.
export function ConfirmButton({
  label,
  title,
  confirmLabel,
  className = "btn-secondary py-1",
  run,
  children,
}: {
  /** The button on the page. */
  label: string;
  /** The dialog's question ("Delete user alice?"). */
  title: string;
  /** The dialog's button that does it ("Delete user"). */
  confirmLabel: string;
  className?: string;
  /** Does it; a throw keeps the dialog open with the reason. */
  run: () => Promise<void>;
  /** What will happen, in the admin's words. */
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await run();
      setOpen(false);
    } catch (e) {
      setError(e instanceof ApiCallError ? e.failure.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)}>
        {label}
      </button>
      <Dialog open={open} onClose={() => !busy && setOpen(false)} title={title} locked={busy}>
        <div className="text-sm text-slate-700">{children}</div>
        {error && (
          <p role="alert" className="text-sm text-rose-800">
            {error}
          </p>
        )}
        <div className="flex flex-wrap justify-end gap-3">
          <button type="button" className="btn-secondary" onClick={() => setOpen(false)} disabled={busy}>
            Cancel
          </button>
          <button type="button" className="btn-danger" onClick={() => void confirm()} disabled={busy}>
            {busy ? "Working…" : confirmLabel}
          </button>
        </div>
      </Dialog>
    </>
  );
}
