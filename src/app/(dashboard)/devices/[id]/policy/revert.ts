import type { ServiceContext } from "@/lib/services/context";
import { NotFoundError } from "@/lib/services/errors";
import { getRevision } from "@/lib/services/policies";

type Revert = { from: { revision: number; intent: unknown; targetOptions: unknown } | null; problem: string | null };

/** ?from=<revision>: that revision's intent as the draft (and its device-side choices, PCC or ECMP, restored with it), or why it cannot be loaded (in the admin's words). */
export async function revisionToRevert(ctx: ServiceContext, deviceId: string, from: string | string[] | undefined): Promise<Revert> {
  if (from === undefined) return { from: null, problem: null };
  if (typeof from !== "string" || !/^[1-9]\d{0,9}$/.test(from))
    return { from: null, problem: `"${String(from)}" is not a revision number; showing the saved policy.` };
  try {
    const revision = await getRevision(ctx, deviceId, Number(from));
    return { from: { revision: revision.revision, intent: revision.intent, targetOptions: revision.targetOptions }, problem: null };
  } catch (e) {
    if (e instanceof NotFoundError) return { from: null, problem: `This device has no revision ${from}; showing the saved policy.` };
    throw e;
  }
}
