"use client";
import { create } from "zustand";
import type { PushRecord } from "@/components/policy/push-words";
import { type LanForm, type LinkForm, newKey, type ProposalView, type WizardForm } from "@/components/wizard/wizard-form";
import { PROBE_TARGET_PAIRS } from "@/lib/domain/device/propose";

// The setup wizard's state while the admin walks through it: which step, what the device proposed, the form being
// edited and the issues the API found in it. UI state only: nothing is saved until the push step.

const FRESH = { step: 0 as WizardStep, view: null, form: null, issues: {}, problem: null, push: null, reason: "Dual-WAN setup with the wizard" };

export const WIZARD_STEPS = ["Read the device", "Links and LAN", "Balancing", "Review", "Push", "Live check"] as const;
export type WizardStep = 0 | 1 | 2 | 3 | 4 | 5;

type WizardState = {
  deviceId: string | null;
  step: WizardStep;
  view: ProposalView | null;
  form: WizardForm | null;
  /** Field id ("links.0.gateway") → what is wrong, from the API's validation of the draft. */
  issues: Record<string, string>;
  /** A refusal that is about no one field (the plan cannot be compiled for this device). */
  problem: string | null;
  /** The push the wizard started, as the API answered when it started. */
  push: PushRecord | null;
  /** Why this change: recorded with the saved revision and the push. */
  reason: string;
};

export const useWizardStore = create<WizardState>(() => ({ ...FRESH, deviceId: null }));

export function startWizard(deviceId: string): void {
  if (useWizardStore.getState().deviceId === deviceId) return;
  useWizardStore.setState({ ...FRESH, deviceId });
}

export const goToStep = (step: WizardStep): void => useWizardStore.setState({ step });
export const setProposal = (view: ProposalView, form: WizardForm): void => useWizardStore.setState({ view, form, issues: {}, problem: null });
export const setIssues = (issues: Record<string, string>, problem: string | null): void => useWizardStore.setState({ issues, problem });
export const setStartedPush = (push: PushRecord | null): void => useWizardStore.setState({ push });
export const setReason = (reason: string): void => useWizardStore.setState({ reason });

function editForm(change: (form: WizardForm) => WizardForm): void {
  useWizardStore.setState((s) => (s.form ? { form: change(s.form) } : s));
}

export function updateLink(key: string, patch: Partial<LinkForm>): void {
  editForm((f) => ({ ...f, links: f.links.map((l) => (l.key === key ? { ...l, ...patch } : l)) }));
}

/** A new link on an interface the proposal left out, probing the next pair of targets (as proposeSetup assigns them). */
export function addLinkOn(name: string): void {
  editForm((f) => {
    const count = f.links.length;
    const [first, second] = PROBE_TARGET_PAIRS[count % PROBE_TARGET_PAIRS.length]!;
    const link: LinkForm = { key: newKey(), name: `wan${count + 1}`, interface: name, gateway: "", weight: 1, tier: 1, targets: [first, second], why: null };
    return { ...f, links: [...f.links, link] };
  });
}

export function removeLink(key: string): void {
  editForm((f) => ({ ...f, links: f.links.filter((l) => l.key !== key) }));
}

export function updateLan(name: string, patch: Partial<LanForm>): void {
  editForm((f) => ({ ...f, lans: f.lans.map((l) => (l.interface === name ? { ...l, ...patch } : l)) }));
}

export function addLan(lan: LanForm): void {
  editForm((f) => ({ ...f, lans: [...f.lans, lan] }));
}

export function setBalancing(patch: Partial<Pick<WizardForm, "method" | "balancer">>): void {
  editForm((f) => ({ ...f, ...patch }));
}
