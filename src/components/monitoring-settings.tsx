"use client";
import { useId, useState } from "react";
import { notify } from "@/stores/notice-store";
import { api, ApiCallError, fieldErrors } from "./api";

export type MonitoringValues = { pollIntervalSec: number; monitored: boolean };

// How the dashboard's monitor watches this device: how often it reads it (1–300 s; every read is one trimmed request
// on a session it keeps open) and whether it watches it at all (off: no session, no history, no alerts). An operator
// changes it through PATCH /devices/{id}/monitoring; a viewer sees it. A refusal is shown by the field, in the API's words.
export function MonitoringSettings({ deviceId, initial, canEdit }: { deviceId: string; initial: MonitoringValues; canEdit: boolean }) {
  const [saved, setSaved] = useState(initial);
  const [interval, setIntervalText] = useState(String(initial.pollIntervalSec));
  const [monitored, setMonitored] = useState(initial.monitored);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const intervalId = useId();
  const errorId = useId();

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setRefusal(null);
    const seconds = Number(interval.trim());
    if (interval.trim() === "" || !Number.isInteger(seconds) || seconds < 1 || seconds > 300) {
      setErrors({ pollIntervalSec: "a whole number of seconds from 1 to 300" });
      setRefusal("The poll interval must be a whole number of seconds from 1 to 300.");
      setBusy(false);
      return;
    }
    try {
      const done = await api<MonitoringValues>("PATCH", `/devices/${deviceId}/monitoring`, { pollIntervalSec: seconds, monitored });
      setSaved({ pollIntervalSec: done.pollIntervalSec, monitored: done.monitored });
      setIntervalText(String(done.pollIntervalSec));
      notify(
        "ok",
        done.monitored ? `Monitoring saved: the dashboard reads this device every ${done.pollIntervalSec} s.` : "Monitoring is off for this device.",
      );
    } catch (e) {
      setErrors(fieldErrors(e));
      setRefusal(e instanceof ApiCallError ? e.failure.message : "The dashboard did not answer; check your connection.");
    } finally {
      setBusy(false);
    }
  }

  const summary = saved.monitored
    ? `Read every ${saved.pollIntervalSec} s, whether or not anyone watches.`
    : "Not monitored: no readings, no history, no alerts.";
  return (
    <section className="card space-y-3" aria-labelledby="monitoring-heading" data-testid="monitoring-settings">
      <h2 id="monitoring-heading" className="font-semibold">
        Monitoring
      </h2>
      <p className="text-sm text-slate-600" data-testid="monitoring-summary">
        {summary}
      </p>
      {canEdit && (
        <form className="flex flex-wrap items-end gap-4" onSubmit={save} noValidate>
          <div className="w-40">
            <label htmlFor={intervalId} className="label">
              Poll interval (seconds)
            </label>
            <input
              id={intervalId}
              className="input"
              type="number"
              inputMode="numeric"
              min={1}
              max={300}
              step={1}
              value={interval}
              onChange={(e) => setIntervalText(e.target.value)}
              aria-invalid={Boolean(errors.pollIntervalSec)}
              aria-describedby={errors.pollIntervalSec ? errorId : undefined}
            />
          </div>
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" checked={monitored} onChange={(e) => setMonitored(e.target.checked)} />
            Monitor this device
          </label>
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? "Saving…" : "Save monitoring"}
          </button>
          <p className="w-full text-xs text-slate-500">1 to 300 s; the default is 2 s. Slower suits small routers on thin links.</p>
        </form>
      )}
      {refusal && (
        <p role="alert" id={errorId} className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="monitoring-refusal">
          {refusal}
        </p>
      )}
    </section>
  );
}
