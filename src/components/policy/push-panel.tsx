"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { usePolling } from "@/hooks/use-polling";
import { notify } from "@/stores/notice-store";
import { api, ApiCallError } from "../api";

type Step = { step: string; status: string; at: string; detail?: string };
type Push = { id: string; status: string; error: string | null; steps: Step[] };

const STATUS_TEXT: Record<string, string> = {
  running: "running", confirmed: "confirmed", unchanged: "unchanged (already applied)", rolled_back: "rolled back", failed: "failed",
};

// Starts a push and follows it step by step until it confirms or rolls back.
export function PushPanel({ deviceId }: { deviceId: string }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [pushId, setPushId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { data: push } = usePolling<Push>(pushId ? () => api<Push>("GET", `/pushes/${pushId}`) : null, 500);
  const running = push === null ? pushId !== null : push.status === "running";

  const finished = push !== null && push.status !== "running" ? push : null;
  useEffect(() => {
    if (!finished) return;
    setPushId(null);
    const good = finished.status === "confirmed" || finished.status === "unchanged";
    notify(good ? "ok" : "error", `Push ${STATUS_TEXT[finished.status] ?? finished.status}${finished.error ? `: ${finished.error}` : ""}`);
    router.refresh();
  }, [finished?.id, finished?.status]); // eslint-disable-line react-hooks/exhaustive-deps

  async function start() {
    setError(null);
    try {
      const started = await api<Push>("POST", `/devices/${deviceId}/push`, { reason });
      setPushId(started.id);
    } catch (e) {
      setError(e instanceof ApiCallError ? e.failure.message : String(e));
    }
  }

  return (
    <div className="space-y-3">
      <div className="flex items-end gap-3">
        <label className="block flex-1">
          <span className="label">Reason for this change (kept in the history)</span>
          <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
        </label>
        <button className="btn-primary" onClick={start} disabled={running}>{running ? "Pushing…" : "Push"}</button>
      </div>
      {error && <p role="alert" className="text-sm text-rose-700">{error}</p>}
      {push && (
        <ol className="space-y-1 text-sm" data-testid="push-steps">
          {latestSteps(push.steps).map((s) => (
            <li key={`${s.step}-${s.at}`} className="flex gap-2">
              <span className="w-20 font-mono text-xs">{s.step}</span>
              <span className={s.status === "failed" ? "text-rose-700" : s.status === "ok" ? "text-emerald-700" : "text-slate-500"}>{s.status}</span>
              {s.detail && <span className="text-slate-600">{s.detail}</span>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** Each step is reported as running, then ok or failed; show its latest word. */
function latestSteps(steps: Step[]): Step[] {
  const latest: Step[] = [];
  for (const step of steps) {
    const last = latest.at(-1);
    if (last && last.step === step.step && last.status === "running") latest[latest.length - 1] = step;
    else latest.push(step);
  }
  return latest;
}
