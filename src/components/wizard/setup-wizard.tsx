"use client";
import { useEffect, useRef, useState } from "react";
import { goToStep, setProposal, startWizard, useWizardStore, WIZARD_STEPS, type WizardStep } from "@/stores/wizard-store";
import { api, ApiCallError } from "../api";
import { formatDateTime } from "../format-time";
import { StepBalancing } from "./step-balancing";
import { StepLinks } from "./step-links";
import { StepLive } from "./step-live";
import { StepPush } from "./step-push";
import { StepReview } from "./step-review";
import { useDraftCheck } from "./use-draft-check";
import { formFrom, type ProposalView } from "./wizard-form";

// The dual-WAN setup wizard: read the device, confirm the proposed links and LAN, choose the balancing, review the
// plan, push it, and watch new connections arrive on each link. Each step's heading takes the focus when the step
// opens, so keyboard and screen-reader users land on it.
export function SetupWizard({ deviceId }: { deviceId: string }) {
  const step = useWizardStore((s) => s.step);
  const ready = useWizardStore((s) => s.deviceId === deviceId);
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => startWizard(deviceId), [deviceId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the focus moves when the step changes, which is the point
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);
  if (!ready) return null;
  return (
    <div className="space-y-6">
      <nav aria-label="Wizard steps">
        <ol className="flex flex-wrap gap-2 text-sm">
          {WIZARD_STEPS.map((name, index) => (
            <li
              key={name}
              aria-current={index === step ? "step" : undefined}
              className={`rounded-full border px-3 py-1 ${
                index === step
                  ? "border-sky-700 bg-sky-50 font-medium text-sky-800"
                  : index < step
                    ? "border-slate-300 text-slate-700"
                    : "border-slate-200 text-slate-500"
              }`}
            >
              {index + 1}. {name}
            </li>
          ))}
        </ol>
      </nav>
      <section className="card space-y-4" aria-labelledby="wizard-step-title">
        <h2 id="wizard-step-title" ref={heading} tabIndex={-1} className="text-xl font-semibold focus:outline-none" data-testid="wizard-step">
          Step {step + 1} of {WIZARD_STEPS.length}: {WIZARD_STEPS[step]}
        </h2>
        <StepBody step={step} deviceId={deviceId} />
      </section>
    </div>
  );
}

function StepBody({ step, deviceId }: { step: WizardStep; deviceId: string }) {
  switch (step) {
    case 0:
      return <StepRead deviceId={deviceId} />;
    case 1:
      return <Editing deviceId={deviceId} next={2} back={0} body={<StepLinks />} />;
    case 2:
      return <Editing deviceId={deviceId} next={3} back={1} body={<StepBalancing />} />;
    case 3:
      return <StepReview />;
    case 4:
      return <StepPush />;
    case 5:
      return <StepLive />;
  }
}

/** Steps 2 and 3: the form, checked by the API as the admin types; Next waits until nothing is wrong. */
function Editing({ deviceId, body, next, back }: { deviceId: string; body: React.ReactNode; next: WizardStep; back: WizardStep }) {
  useDraftCheck(deviceId);
  const issues = useWizardStore((s) => s.issues);
  const problem = useWizardStore((s) => s.problem);
  const count = Object.keys(issues).length;
  return (
    <div className="space-y-5">
      {body}
      {problem && (
        <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="wizard-problem">
          {problem}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className="btn-secondary" onClick={() => goToStep(back)}>
          Back
        </button>
        <button type="button" className="btn-primary" onClick={() => goToStep(next)} disabled={count > 0 || problem !== null}>
          Next
        </button>
        {count > 0 && (
          <span className="text-sm text-rose-700" aria-live="polite">
            {count === 1 ? "One field needs attention" : `${count} fields need attention`}
          </span>
        )}
      </div>
    </div>
  );
}

/** Step 1: the device is read (interfaces, addresses, default routes, DHCP and PPPoE clients) and a setup proposed. */
function StepRead({ deviceId }: { deviceId: string }) {
  const view = useWizardStore((s) => s.view);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (view || attempt < 0) return;
    let stale = false;
    setError(null);
    api<ProposalView>("GET", `/devices/${deviceId}/wizard/proposal`)
      .then((v) => !stale && setProposal(v, formFrom(v)))
      .catch((e) => !stale && setError(e instanceof ApiCallError ? e.failure.message : String(e)));
    return () => {
      stale = true;
    };
  }, [deviceId, view, attempt]);
  if (error) {
    return (
      <div className="space-y-3">
        <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="wizard-read-error">
          {error}
        </p>
        <button type="button" className="btn-secondary" onClick={() => setAttempt((a) => a + 1)}>
          Read the device again
        </button>
      </div>
    );
  }
  if (!view) {
    return (
      <p role="status" className="text-sm text-slate-600">
        Reading the device: interfaces, addresses, default routes, DHCP and PPPoE clients…
      </p>
    );
  }
  const { proposal, existing } = view;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600" data-testid="wizard-device-summary">
        {view.summary} · {view.capabilities.softwareVersion}
      </p>
      {existing && (
        <p className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="wizard-existing">
          This device already has a policy (revision {existing.revision}, saved by {existing.updatedBy} on {formatDateTime(existing.updatedAt)}). The wizard
          starts from it; the device&apos;s reading is shown beside each link.
        </p>
      )}
      <ul className="space-y-1 text-sm" data-testid="wizard-proposal">
        {proposal.links.map((l) => (
          <li key={l.interface}>
            <span className="font-medium">WAN {l.name}</span> — {l.why}
          </li>
        ))}
        {proposal.lan.map((l) => (
          <li key={l.interface}>
            <span className="font-medium">LAN</span> — {l.why}
          </li>
        ))}
        {proposal.ignored.map((l) => (
          <li key={l.interface} className="text-slate-500">
            {l.why}
          </li>
        ))}
      </ul>
      {proposal.links.length < 2 && (
        <p className="text-sm text-amber-800">
          The device shows {proposal.links.length === 0 ? "no WAN link" : "one WAN link"}; add the others in the next step.
        </p>
      )}
      <button type="button" className="btn-primary" onClick={() => goToStep(1)}>
        Next
      </button>
    </div>
  );
}
