import "server-only";
import { actorUserId, requireRole, type ServiceContext } from "../context";
import { PreconditionFailedError } from "../errors";
import { assertNotLastAdmin, getUserOrThrow } from "./internal";

export async function deleteUser(ctx: ServiceContext, id: string): Promise<void> {
  requireRole(ctx, "admin");
  if (actorUserId(ctx.actor) === id) throw new PreconditionFailedError("you cannot delete your own account");
  const user = await getUserOrThrow(ctx.db, id);
  await assertNotLastAdmin(ctx.db, user);
  await ctx.db.user.delete({ where: { id } });
}
