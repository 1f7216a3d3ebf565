"use client";
import { formatDateTime } from "@/components/format-time";
import { STEP_STATUS_TEXT, stepText } from "@/components/policy/push-words";
import type { SitePushView } from "@/lib/domain/site";
import { MEMBER_STATUS_WORDS, PUSH_STATUS_CLASS, PUSH_STATUS_WORDS, ROLE_WORDS } from "./words";

type Step = SitePushView["members"][number]["steps"][number];
const STEP_CLASS: Record<string, string> = { running: "text-sky-700", ok: "text-emerald-700", failed: "text-rose-700", skipped: "text-slate-500" };

/** Each step once, where it first appeared, with its last word. */
function latest(steps: readonly Step[]): Step[] {
  const byStep = new Map<string, Step>();
  for (const step of steps) byStep.set(step.step, step);
  return [...byStep.values()];
}

const memberClass = (status: SitePushView["members"][number]["status"]) =>
  status === "running" ? "text-sky-700" : status === "confirmed" || status === "unchanged" ? "text-emerald-700" : "text-rose-700";

// A site push as it goes: one card per device with its steps, then the site's outcome in words ("2 of 3 devices
// confirmed; web-3 rolled back: …"). The outcome and each device's status are announced as they change.
export function SitePushProgress({ push, what }: { push: SitePushView; what: "Push" | "Removal" }) {
  return (
    <div className="space-y-3" data-testid="site-push-progress" data-status={push.status}>
      <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3" aria-label={`${what}: each device`}>
        {push.members.map((member) => (
          <li
            key={member.device}
            className="rounded-md border border-slate-200 p-3"
            data-testid="member-push"
            data-device={member.deviceName}
            data-status={member.status}
          >
            <p className="flex flex-wrap items-baseline justify-between gap-x-2">
              <span className="font-medium">
                {member.deviceName} <span className="font-normal text-slate-600">· {ROLE_WORDS[member.role]}</span>
              </span>
              <span className={`text-sm font-medium ${memberClass(member.status)}`} aria-live="polite">
                {MEMBER_STATUS_WORDS[member.status]}
              </span>
            </p>
            {member.reason && member.status !== "running" && !member.steps.some((s) => s.detail === member.reason) && (
              <p className="text-sm text-slate-700">{member.reason}</p>
            )}
            <ol className="mt-2 space-y-0.5 text-sm" aria-label={`${member.deviceName}: steps`}>
              {latest(member.steps).map((s) => (
                <li key={s.step} className="flex flex-wrap gap-x-2" data-step={s.step} data-status={s.status}>
                  <span className="min-w-40 font-medium">{stepText(s.step)}</span>
                  <span className={STEP_CLASS[s.status] ?? "text-slate-600"}>{STEP_STATUS_TEXT[s.status as keyof typeof STEP_STATUS_TEXT] ?? s.status}</span>
                  {s.detail && <span className="min-w-0 basis-full break-words text-slate-600">{s.detail}</span>}
                </li>
              ))}
              {member.steps.length === 0 && <li className="text-slate-500">{member.status === "running" ? "Waiting for its turn…" : "No step recorded."}</li>}
            </ol>
          </li>
        ))}
      </ul>
      <p className={`text-sm font-medium ${PUSH_STATUS_CLASS[push.status]}`} aria-live="polite" data-testid="site-push-outcome">
        {push.status === "running" ? `${what} running…` : `${what} ${PUSH_STATUS_WORDS[push.status]}: ${push.detail}`}
      </p>
    </div>
  );
}

/** Every push of the site, newest first, each with its devices' outcome; the steps behind a disclosure. */
export function SitePushHistory({ pushes }: { pushes: SitePushView[] }) {
  if (pushes.length === 0) return <p className="text-sm text-slate-600">This site was never pushed.</p>;
  return (
    <ol className="space-y-3" data-testid="site-push-history">
      {pushes.map((push) => (
        <li key={push.id} className="rounded-md border border-slate-200 p-3" data-testid="site-push" data-status={push.status}>
          <p className="text-sm">
            <span className="font-medium">{formatDateTime(push.startedAt)}</span> by {push.actor}, revision {push.revision}:{" "}
            <span className={`font-medium ${PUSH_STATUS_CLASS[push.status]}`}>{PUSH_STATUS_WORDS[push.status]}</span>
          </p>
          {push.detail && <p className="text-sm text-slate-700">{push.detail}</p>}
          {push.reason && <p className="text-sm text-slate-600">Reason: {push.reason}</p>}
          <details className="mt-1">
            <summary className="cursor-pointer text-sm text-sky-800">Each device&apos;s steps</summary>
            <div className="mt-2">
              <SitePushProgress push={push} what="Push" />
            </div>
          </details>
        </li>
      ))}
    </ol>
  );
}
