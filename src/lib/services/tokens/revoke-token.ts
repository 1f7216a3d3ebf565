import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { NotFoundError } from "../errors";

// Revoked tokens stay listed (with revokedAt) so the audit trail keeps naming them.
export async function revokeToken(ctx: ServiceContext, id: string): Promise<void> {
  requireRole(ctx, "admin");
  const { count } = await ctx.db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0 && !(await ctx.db.apiToken.findUnique({ where: { id } }))) throw new NotFoundError("token", id);
}
