import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { NotFoundError } from "../errors";

/** Deletes a rule; its past alerts stay in the list. */
export async function deleteRule(ctx: ServiceContext, id: string): Promise<{ name: string }> {
  requireRole(ctx, "admin");
  const rule = await ctx.db.alertRule.findUnique({ where: { id } });
  if (!rule) throw new NotFoundError("alert rule", id);
  await ctx.db.alertRule.delete({ where: { id } });
  return { name: rule.name };
}
