import "server-only";
import { parseRole } from "@/lib/auth/roles";
import { NotFoundError, PreconditionFailedError } from "../errors";
import type { Tx } from "../serializable";
import type { UserView } from "./schemas";

export function toUserView(user: { id: string; username: string; role: string; createdAt: Date }): UserView {
  return { id: user.id, username: user.username, role: parseRole(user.role), createdAt: user.createdAt.toISOString() };
}

export async function getUserOrThrow(db: Tx, id: string) {
  const user = await db.user.findUnique({ where: { id } });
  if (!user) throw new NotFoundError("user", id);
  return user;
}

/**
 * Nobody may remove the last way in: the last admin cannot be deleted or demoted. Call it inside `serializable`
 * with the same transaction that makes the change, so two admins removing each other at once cannot both pass.
 */
export async function assertAnotherAdminRemains(tx: Tx, user: { id: string; role: string }): Promise<void> {
  if (user.role !== "admin") return;
  const others = await tx.user.count({ where: { role: "admin", id: { not: user.id } } });
  if (others === 0) throw new PreconditionFailedError("this is the last admin; make another user admin first");
}

export const userExists = (username: string) => `a user named ${JSON.stringify(username)} already exists`;
