"use client";
import { useState } from "react";
import { Dialog } from "../dialog";

export const REMOVAL_EXPLAINED =
  "Every route, rule and health probe Waymark created on the device is removed, through the same health gate and automatic rollback as a push. Nothing else on the device is touched. The saved policy stays here, so you can push it again.";

// Asks before "Remove Waymark's policy", with the reason kept in the history like a push's.
export function RemovePolicyDialog({
  open,
  onClose,
  onConfirm,
  deviceName,
}: {
  open: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => void;
  deviceName: string;
}) {
  const [reason, setReason] = useState("");
  return (
    <Dialog open={open} onClose={onClose} title={`Remove Waymark's policy from ${deviceName}?`}>
      <p className="text-sm text-slate-700">{REMOVAL_EXPLAINED}</p>
      <form
        method="dialog"
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm(reason);
        }}
      >
        <label className="block">
          <span className="label">Reason (kept in the history)</span>
          <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
        </label>
        <div className="flex flex-wrap justify-end gap-3">
          <button type="button" className="btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn-danger">
            Remove Waymark&apos;s policy
          </button>
        </div>
      </form>
    </Dialog>
  );
}
