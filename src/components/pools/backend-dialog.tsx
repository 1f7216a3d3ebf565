"use client";
import { useState } from "react";
import { api, ApiCallError } from "../api";
import { Dialog } from "../dialog";
import { formatCount } from "../policy/format";
import { PushSteps, useFollowPush } from "../policy/push-progress";
import type { PushRecord } from "../policy/push-words";
import type { BackendAction } from "./types";

const TITLE = { drain: "Drain", disabled: "Disable", active: "Re-enable" } as const;

// One dialog for the three maintenance moves: what the move does to the backend's connections, the weight warning
// before a drain or disable, a reason (kept with the revision and the push), then the push's progress.
export function BackendDialog({ deviceId, action, onClose }: { deviceId: string; action: BackendAction | null; onClose: () => void }) {
  // Mounted per action, so a second action starts with an empty reason and no earlier push.
  return action === null ? null : <ActionDialog deviceId={deviceId} action={action} onClose={onClose} />;
}

function ActionDialog({ deviceId, action, onClose }: { deviceId: string; action: BackendAction; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { push, running, follow } = useFollowPush(() => setBusy(false));
  const { backend: b, to, pool } = action;
  const verb = TITLE[to];
  const open = b.live?.openConnections ?? null;
  const connections = open === null ? "the connections it has" : `its ${formatCount(String(open))} open connection${open === 1 ? "" : "s"}`;

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const started = await api<{ pushId: string }>("POST", `/devices/${deviceId}/pools/${pool}/backends/${b.name}/state`, { state: to, reason });
      follow(await api<PushRecord>("GET", `/pushes/${started.pushId}`));
    } catch (e) {
      setBusy(false);
      setError(e instanceof ApiCallError ? e.failure.message : String(e));
    }
  }

  const close = () => {
    if (!busy && !running) onClose();
  };
  return (
    <Dialog open onClose={close} locked={busy || running} title={`${verb} ${b.name} in pool ${pool}?`}>
      {to === "drain" && (
        <p className="text-sm text-slate-700">
          {b.name} takes no new connections; {connections} keep running until they end. This page counts them down and says when it is idle, so you know when it
          is safe to work on it.
        </p>
      )}
      {to === "disabled" && (
        <p role="note" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          Disabling cuts {connections} at once: the clients must reconnect, and get another backend. To let them finish, drain instead.
        </p>
      )}
      {to === "active" && (
        <p className="text-sm text-slate-700">
          Waymark first checks that {b.name} answers its health check now ({b.live?.probe === "up" ? "it does" : "it must"}), then pushes: it takes its share of
          new connections again.
        </p>
      )}
      {to !== "active" && b.takeOut.warning && (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="takeout-warning">
          Warning: {b.takeOut.warning}.
        </p>
      )}
      {to !== "active" && b.takeOut.refusal ? (
        <div className="space-y-4">
          <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
            Not possible: {b.takeOut.refusal}.
          </p>
          <div className="flex justify-end">
            <button type="button" className="btn-secondary" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : push === null ? (
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <label className="block">
            <span className="label">Reason{to === "active" ? " (optional)" : ""}, kept in the history</span>
            <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required={to !== "active"} />
          </label>
          {error && (
            <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
              {error}
            </p>
          )}
          <div className="flex flex-wrap justify-end gap-3">
            <button type="button" className="btn-secondary" onClick={close} disabled={busy}>
              Cancel
            </button>
            <button type="submit" className={to === "disabled" ? "btn-danger" : "btn-primary"} disabled={busy}>
              {busy ? "Starting…" : to === "disabled" ? `Disable ${b.name} and cut its connections` : `${verb} ${b.name}`}
            </button>
          </div>
        </form>
      ) : (
        <div className="space-y-4">
          <PushSteps push={push} what="Push" />
          <div className="flex justify-end">
            <button type="button" className="btn-primary" onClick={onClose} disabled={running}>
              {running ? "Pushing…" : "Close"}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
