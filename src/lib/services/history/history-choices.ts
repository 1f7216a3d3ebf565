import "server-only";
import type { HistoryChoices } from "@/lib/domain/history";
import { requireRole, type ServiceContext } from "../context";

// What the history's filters offer: every device, and everyone who ever saved a policy.
export async function historyChoices(ctx: ServiceContext): Promise<HistoryChoices> {
  requireRole(ctx, "viewer");
  const [devices, savers] = await Promise.all([
    ctx.db.device.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    ctx.db.policyRevision.findMany({ select: { savedBy: true }, distinct: ["savedBy"], orderBy: { savedBy: "asc" } }),
  ]);
  return { devices, users: savers.map((s) => s.savedBy) };
}
