"use client";
import { useEffect } from "react";
import { setIssues, useWizardStore } from "@/stores/wizard-store";
import { api, ApiCallError } from "../api";
import { draftIntent, issuesByField } from "./wizard-form";

const QUIET_MS = 400;

// Inline validation as the admin types: a moment after the last keystroke the draft goes to the same plan preview
// the review uses, without contacting the device, and the API's issues are shown beside their fields. The grammar
// lives in one place (the API's schemas), so the form never accepts what a push would refuse.
export function useDraftCheck(deviceId: string): void {
  const form = useWizardStore((s) => s.form);
  const base = useWizardStore((s) => s.view?.existing?.intent ?? null);
  const minInterval = useWizardStore((s) => s.view?.capabilities.minProbeIntervalMs);
  useEffect(() => {
    if (!form) return;
    let stale = false;
    const timer = setTimeout(async () => {
      try {
        await api("POST", `/devices/${deviceId}/plan`, {
          offline: true,
          draft: { intent: draftIntent(form, base, minInterval), targetOptions: { routeros: { balancer: form.balancer } } },
        });
        if (!stale) setIssues({}, null);
      } catch (e) {
        if (stale || !(e instanceof ApiCallError)) return;
        const details = e.failure.details ?? [];
        setIssues(issuesByField(details), details.length > 0 ? null : e.failure.message);
      }
    }, QUIET_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [deviceId, form, base, minInterval]);
}
