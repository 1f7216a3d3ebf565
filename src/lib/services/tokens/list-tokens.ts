import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { toTokenView } from "./internal";
import type { TokenView } from "./schemas";

export async function listTokens(ctx: ServiceContext): Promise<TokenView[]> {
  requireRole(ctx, "admin");
  const rows = await ctx.db.apiToken.findMany({ include: { user: true }, orderBy: { createdAt: "desc" } });
  return rows.map(toTokenView);
}
