"use client";
import { useState } from "react";
import { api, ApiCallError } from "../api";
import { Dialog } from "../dialog";
import { PushSteps, useFollowPush } from "./push-progress";
import { isGood, pushSummary, type PushRecord } from "./push-words";

type Props = { open: boolean; onClose: () => void; deviceId: string; name: string; deleteEntry: () => Promise<void> };

// The delete of a device that still carries Waymark's objects: remove them first (the removal push, followed
// step by step, and the entry deleted only once it is confirmed), or delete the entry only and leave them acting.
export function DeleteWithRemovalDialog({ open, onClose, deviceId, name, deleteEntry }: Props) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const { push, running, follow } = useFollowPush((done) => {
    if (isGood(done)) void deleteEntry();
  });
  const failed = push !== null && !running && !isGood(push);

  async function removeThenDelete() {
    setError(null);
    try {
      follow(await api<PushRecord>("POST", `/devices/${deviceId}/policy/removal`, { reason: reason || `remove Waymark's objects before deleting ${name}` }));
    } catch (e) {
      setError(e instanceof ApiCallError ? e.failure.message : String(e));
    }
  }

  return (
    <Dialog open={open} onClose={onClose} locked={running} title={`Delete ${name}?`}>
      <p className="text-sm text-slate-700">
        Waymark&apos;s routes, rules and health probes are still on the device. Deleting the entry only forgets the device here: they keep steering its traffic.
        Remove Waymark&apos;s objects from the device first, or delete the entry only.
      </p>
      <label className="block">
        <span className="label">Reason for the removal (kept in the history)</span>
        <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} disabled={running} />
      </label>
      {push && <PushSteps push={push} what="Removal" />}
      {failed && (
        <p role="alert" className="text-sm text-rose-800">
          {pushSummary(push, "Removal")}. The entry was not deleted.
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-rose-800">
          {error}
        </p>
      )}
      <div className="flex flex-wrap justify-end gap-3">
        <button type="button" className="btn-secondary" onClick={onClose} disabled={running}>
          Cancel
        </button>
        <button type="button" className="btn-secondary text-rose-700" onClick={() => void deleteEntry()} disabled={running}>
          Delete the entry only
        </button>
        <button type="button" className="btn-danger" onClick={() => void removeThenDelete()} disabled={running}>
          {running ? "Removing…" : "Remove Waymark's objects, then delete"}
        </button>
      </div>
    </Dialog>
  );
}
