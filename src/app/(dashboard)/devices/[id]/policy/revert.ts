import type { ServiceContext } from "@/lib/services/context";

type Revert = { from: { revision: number; intent: unknown } | null; problem: string | null };

/** ?from=<revision>: that revision's intent as the draft, or why it cannot be loaded (in the admin's words). */
export async function revisionToRevert(_ctx: ServiceContext, _deviceId: string, from: string | string[] | undefined): Promise<Revert> {
  if (from === undefined) return { from: null, problem: null };
  if (typeof from !== "string" || !/^[1-9]\d{0,9}$/.test(from))
    return { from: null, problem: `"${String(from)}" is not a revision number; showing the saved policy.` };
  return { from: null, problem: `Revision ${from} cannot be loaded yet; showing the saved policy.` };
}
