import type { AlertView } from "@/lib/domain/alerts/view";
import { formatDateTime, formatTime } from "../format-time";

// Alerts as cards (they wrap at 390 px): device, what, since when, how each message went, and the timeline of a
// flapping subject behind a disclosure.

const DELIVERY_WORDS: Record<string, string> = { pending: "sending", sent: "sent", failed: "not sent" };

function Deliveries({ alert }: { alert: AlertView }) {
  if (alert.quiet) return <p className="text-xs text-slate-500">Not sent: within the cooldown after an earlier alert of {alert.name}.</p>;
  if (alert.deliveries.length === 0) return <p className="text-xs text-slate-500">No channel to send to.</p>;
  return (
    <ul className="space-y-0.5 text-xs text-slate-600">
      {alert.deliveries.map((d) => (
        <li key={`${d.channelId}-${d.phase}`}>
          {d.phase === "resolve" ? "Recovery" : "Alert"} to <span className="font-medium">{d.channelName}</span>:{" "}
          <span className={d.status === "failed" ? "text-rose-700" : d.status === "sent" ? "text-emerald-700" : "text-amber-700"}>
            {DELIVERY_WORDS[d.status]}
          </span>
          {d.status === "sent" && d.sentAt ? ` at ${formatTime(d.sentAt)}` : ""}
          {d.status !== "sent" && d.lastError ? ` (${d.lastError}; attempt ${d.attempts})` : ""}
        </li>
      ))}
    </ul>
  );
}

function AlertCard({ alert }: { alert: AlertView }) {
  return (
    <li className="card space-y-2" data-testid="alert">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-medium">
          <a className="text-sky-800 underline" href={`/devices/${alert.deviceId}`}>
            {alert.deviceName}
          </a>
          : {alert.message}
          {alert.flapping && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">flapping</span>}
        </p>
        <p className="text-xs text-slate-500">
          since {formatDateTime(alert.openedAt)}
          {alert.resolvedAt && <> · resolved {formatDateTime(alert.resolvedAt)}</>}
        </p>
      </div>
      <Deliveries alert={alert} />
      {alert.timeline.length > 0 && (
        <details>
          <summary className="cursor-pointer text-xs text-slate-600">
            Timeline ({alert.timeline.length} {alert.timeline.length === 1 ? "change" : "changes"}, by the device's clock)
          </summary>
          <ol className="mt-1 space-y-0.5 font-mono text-xs text-slate-700">
            {alert.timeline.map((t, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the timeline only grows at its end, so a position names one change
              <li key={`${t.atMs}-${i}`} className="break-words">
                {formatTime(t.atMs)} {t.previous ?? "?"} → {t.state}
                {t.detail && <span className="text-slate-500"> ({t.detail})</span>}
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}

export function AlertList({ alerts, empty, label }: { alerts: AlertView[]; empty: string; label: string }) {
  if (alerts.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="space-y-3" aria-label={label}>
      {alerts.map((a) => (
        <AlertCard key={a.id} alert={a} />
      ))}
    </ul>
  );
}
