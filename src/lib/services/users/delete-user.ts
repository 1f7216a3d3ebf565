import "server-only";
import { actorUserId, requireRole, type ServiceContext } from "../context";
import { PreconditionFailedError } from "../errors";
import { serializable } from "../serializable";
import { assertAnotherAdminRemains, getUserOrThrow } from "./internal";

export async function deleteUser(ctx: ServiceContext, id: string): Promise<void> {
  requireRole(ctx, "admin");
  if (actorUserId(ctx.actor) === id) throw new PreconditionFailedError("you cannot delete your own account");
  await serializable(ctx.db, async (tx) => {
    await assertAnotherAdminRemains(tx, await getUserOrThrow(tx, id));
    await tx.user.delete({ where: { id } });
  });
}
