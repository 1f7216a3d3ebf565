"use client";
import { type SiteIntent, type SiteIntentInput, ZSiteIntent, ZSiteName } from "@/lib/domain/site";

// The site form's draft judged by the schema the API and the push use, as the admin types: each zod issue keyed by
// its path ("members.1.address") so the field at that path shows it, as policy-draft-checks does for device policies.

export type SiteDraftCheck = { intent: SiteIntent | null; issues: Map<string, string[]>; count: number };

export function checkSiteDraft(draft: unknown): SiteDraftCheck {
  const result = ZSiteIntent.safeParse(draft);
  if (result.success) return { intent: result.data, issues: new Map(), count: 0 };
  const issues = new Map<string, string[]>();
  for (const issue of result.error.issues) {
    const key = issue.path.join(".");
    issues.set(key, [...(issues.get(key) ?? []), issue.message]);
  }
  return { intent: null, issues, count: result.error.issues.length };
}

/** The name's own check ("1–24 characters: …"), null when it is fine. */
export function checkSiteName(name: string): string | null {
  const result = ZSiteName.safeParse(name);
  return result.success ? null : (result.error.issues[0]?.message ?? "not a valid name");
}

/** A new site's starting point per kind: the schema's defaults written out, so the form shows every value. */
export function newSiteDraft(kind: SiteIntentInput["kind"]): SiteIntentInput {
  if (kind === "shared-vip") {
    return {
      kind,
      vip: "",
      prefixLength: 24,
      hash: "source",
      buckets: 64,
      heartbeat: { port: 7946, intervalMs: 100, deadAfter: 3 },
      members: [],
    };
  }
  return {
    kind,
    address: "",
    check: { type: "tcp", port: 80, path: "/", expectStatus: 200, intervalMs: 500, timeoutMs: 300, downCount: 2, upCount: 2 },
    bfd: { intervalMs: 100, multiplier: 3 },
    holdTimeSec: 9,
    members: [],
  };
}

/** A service check with every value written out. */
export const NEW_CHECK = { type: "tcp", port: 80, path: "/", expectStatus: 200, intervalMs: 500, timeoutMs: 300, downCount: 2, upCount: 2 } as const;
