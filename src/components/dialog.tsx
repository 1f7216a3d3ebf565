"use client";
import { useEffect, useId, useRef, type ReactNode } from "react";

// A modal dialog on the browser's own <dialog>: focus moves into it, Escape closes it and the page behind is inert,
// with nothing to re-implement. `locked` keeps it open while its action runs.
export function Dialog({
  open,
  onClose,
  title,
  locked = false,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  locked?: boolean;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => locked && event.preventDefault()}
      className="m-auto w-[min(34rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
    >
      <div className="space-y-4 p-5">
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        {children}
      </div>
    </dialog>
  );
}
