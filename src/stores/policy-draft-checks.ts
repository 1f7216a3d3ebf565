"use client";
import { useMemo } from "react";
import { poolTimingWords, ZIntent, ZPoolProbe, type Intent } from "@/lib/domain/intent";
import { describeIntentChanges, describeTargetOptionChanges, type IntentChange } from "@/lib/domain/intent/changes";
import { ZTargetOptions } from "@/lib/domain/target-options";
import { detectionWords, type Probe } from "@/lib/domain/intent/probe";
import { usePolicyDraftStore, type DraftPath } from "./policy-draft-store";

// The draft judged by the same schema the API and the push use, as the admin types: each zod issue keyed by its
// path ("links.0.gateway") so the field at that path shows it. The forms read the allowed values from the schemas
// too (INTENT_LIMITS), so what the builder says and what the server refuses never disagree.

export { describeRange, INTENT_LIMITS, type ChoiceLimit, type NumberLimit } from "@/lib/domain/intent/limits";
export type { IntentChange };

export type DraftCheck = { intent: Intent | null; issues: Map<string, string[]>; count: number };

export const pathKey = (path: DraftPath) => path.join(".");

export function checkDraft(draft: unknown): DraftCheck {
  const result = ZIntent.safeParse(draft);
  if (result.success) return { intent: result.data, issues: new Map(), count: 0 };
  const issues = new Map<string, string[]>();
  for (const issue of result.error.issues) {
    const key = pathKey(issue.path as (string | number)[]);
    issues.set(key, [...(issues.get(key) ?? []), issue.message]);
  }
  return { intent: null, issues, count: result.error.issues.length };
}

let last: { draft: unknown; check: DraftCheck } | null = null;

/** The check of the current draft, computed once per draft however many fields ask. */
export function useDraftCheck(): DraftCheck {
  const draft = usePolicyDraftStore((s) => s.draft);
  return useMemo(() => {
    const cached = last;
    if (cached !== null && cached.draft === draft) return cached.check;
    const check = checkDraft(draft);
    last = { draft, check };
    return check;
  }, [draft]);
}

export function useIssuesAt(path: DraftPath): string[] {
  return useDraftCheck().issues.get(pathKey(path)) ?? [];
}

/**
 * The meaning-level diff against what the device runs (null: nothing runs yet, so this is the first policy), and
 * how it is realised (PCC ↔ ECMP) when both sides say.
 */
export function draftChanges(running: unknown, draft: Intent, runningOptions: unknown = null, options: unknown = null): IntentChange[] {
  const before = running === null ? null : ZIntent.safeParse(running);
  const was = runningOptions === null ? null : ZTargetOptions.safeParse(runningOptions);
  const now = options === null ? null : ZTargetOptions.safeParse(options);
  const realised = was?.success && now?.success ? describeTargetOptionChanges(was.data, now.data) : [];
  return [...describeIntentChanges(before?.success ? before.data : null, draft), ...realised];
}

/**
 * How long a dead link takes to be declared down, for a probe that parses, in the words and numbers the meaning and
 * the plan's warnings use: "0.60 s–0.90 s (0.90 s–1.20 s if its probes were already losing answers)".
 */
/** "a dead backend is out after about 1.0 s and back about 1.0 s after it answers again", once the probe is valid. */
export function poolTimingText(probe: unknown): string | null {
  const parsed = ZPoolProbe.safeParse(probe);
  return parsed.success ? poolTimingWords(parsed.data) : null;
}

export function detectionText(probe: unknown): string | null {
  const parsed = ZIntent.shape.links.element.shape.probe.safeParse(probe);
  if (!parsed.success) return null;
  return detectionWords(parsed.data as Probe);
}
