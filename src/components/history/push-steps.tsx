import { formatDateTime } from "@/components/format-time";
import { latestSteps, PUSH_STATUS_TEXT, STEP_STATUS_TEXT, stepText, type PushRecord } from "@/components/policy/push-words";

type Push = PushRecord & { actorName: string; startedAt: string; reason: string };

const STEP_LOOK = { ok: "text-emerald-700", failed: "text-rose-700", running: "text-sky-700", skipped: "text-slate-500" } as const;

/** Each push of a revision with its steps, as the push panel words them. */
export function PushSteps({ pushes }: { pushes: Push[] }) {
  if (pushes.length === 0) return <p className="text-sm text-slate-600">This revision was never pushed.</p>;
  return (
    <ol className="space-y-4">
      {pushes.map((push) => (
        <li key={push.id} className="space-y-1" data-testid="history-push">
          <p className="text-sm">
            <span className="font-medium">Push of {formatDateTime(push.startedAt)}</span> by {push.actorName}: {PUSH_STATUS_TEXT[push.status]}
            {push.error && <span className="block text-slate-700">because {push.error}</span>}
            {push.reason && <span className="block text-slate-600">Reason: {push.reason}</span>}
          </p>
          <ol className="ml-5 list-decimal text-sm" aria-label="Steps">
            {latestSteps(push.steps).map((s) => (
              <li key={s.step}>
                {stepText(s.step)}: <span className={`font-medium ${STEP_LOOK[s.status]}`}>{STEP_STATUS_TEXT[s.status]}</span>
                {s.detail && <span className="text-slate-600"> — {s.detail}</span>}
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}
