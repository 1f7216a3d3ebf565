import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { toUserView } from "./internal";
import type { UserView } from "./schemas";

export async function listUsers(ctx: ServiceContext): Promise<UserView[]> {
  requireRole(ctx, "admin");
  const users = await ctx.db.user.findMany({ orderBy: { username: "asc" } });
  return users.map(toUserView);
}
