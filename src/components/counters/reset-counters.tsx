"use client";
import { useState } from "react";
import { api, ApiCallError } from "../api";
import { Dialog } from "../dialog";
import { formatTime } from "../format-time";

type Reset = { reset: number; at: string };

// "Reset Waymark's counters", asked first in an in-app dialog: the device zeroes the counters of Waymark's rules
// only; the admin's own rules keep counting. The outcome (or the refusal, in the API's words) is announced.
export function ResetCountersButton({ deviceId, onReset }: { deviceId: string; onReset: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  async function reset() {
    setBusy(true);
    try {
      const done = await api<Reset>("POST", `/devices/${deviceId}/counters/reset`);
      setOutcome({ ok: true, text: `Counters of ${done.reset} Waymark ${done.reset === 1 ? "rule" : "rules"} reset at ${formatTime(done.at)}.` });
      onReset();
    } catch (e) {
      setOutcome({ ok: false, text: e instanceof ApiCallError ? e.failure.message : "The dashboard did not answer; check your connection." });
    } finally {
      setBusy(false);
      setOpen(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <button type="button" className="btn-secondary" onClick={() => setOpen(true)}>
        Reset Waymark&apos;s counters
      </button>
      <p aria-live="polite" className={`text-sm ${outcome?.ok === false ? "text-rose-800" : "text-slate-600"}`} data-testid="reset-outcome">
        {outcome?.text}
      </p>
      <Dialog open={open} onClose={() => !busy && setOpen(false)} title="Reset Waymark's counters?" locked={busy}>
        <p className="text-sm text-slate-700">
          The device sets the packet and byte counters of Waymark&apos;s rules back to 0. Your own rules keep their counters, and nothing about how traffic is
          handled changes.
        </p>
        <div className="flex flex-wrap justify-end gap-3">
          <button type="button" className="btn-secondary" onClick={() => setOpen(false)} disabled={busy}>
            Cancel
          </button>
          <button type="button" className="btn-primary" onClick={() => void reset()} disabled={busy}>
            {busy ? "Resetting…" : "Reset counters"}
          </button>
        </div>
      </Dialog>
    </div>
  );
}
