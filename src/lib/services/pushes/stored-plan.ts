import "server-only";
import { ZDevicePlan } from "@/lib/domain/compile/plan-schema";
import type { DevicePlan } from "@/lib/devices";

/** A plan stored with a push that does not parse: written by another version of Waymark, or damaged. */
export class StoredPlanError extends Error {
  constructor(pushId: string, problem: string) {
    super(`the plan stored with push ${pushId} cannot be read (${problem}); it was written by another version of Waymark or damaged`);
    this.name = "StoredPlanError";
  }
}

/**
 * The plan stored with push `pushId`, read through its schema, or null when the push stopped before a plan was
 * compiled (a push row starts with "{}"). The parsed plan serialises to the stored bytes (ZDevicePlan keeps the
 * compilers' key order), so hashes a device compares it with still match.
 */
export function readStoredPlan(pushId: string, json: string): DevicePlan | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new StoredPlanError(pushId, "not JSON");
  }
  if (isEmptyObject(raw)) return null;
  const parsed = ZDevicePlan.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "plan"}: ${issue.message}`);
    throw new StoredPlanError(pushId, problems.join("; "));
  }
  return parsed.data;
}

const isEmptyObject = (value: unknown): boolean => typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
