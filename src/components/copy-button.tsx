"use client";
import { useState } from "react";

// Copies a value shown once (a new API token) and says so where the admin is looking: "Copied", announced to screen
// readers too. Where the browser refuses the clipboard (plain HTTP on another host), it says to select and copy.
export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "refused">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("refused");
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" className="btn-secondary py-1" onClick={() => void copy()}>
        {label}
      </button>
      <span aria-live="polite" className="text-sm text-slate-600">
        {state === "copied" ? "Copied" : state === "refused" ? "The browser did not allow copying: select the token and copy it." : ""}
      </span>
    </span>
  );
}
