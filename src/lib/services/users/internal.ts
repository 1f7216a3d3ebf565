import "server-only";
import { parseRole } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import { NotFoundError, PreconditionFailedError } from "../errors";
import type { UserView } from "./schemas";

export function toUserView(user: { id: string; username: string; role: string; createdAt: Date }): UserView {
  return { id: user.id, username: user.username, role: parseRole(user.role), createdAt: user.createdAt.toISOString() };
}

export async function getUserOrThrow(db: Db, id: string) {
  const user = await db.user.findUnique({ where: { id } });
  if (!user) throw new NotFoundError("user", id);
  return user;
}

/** Nobody may remove the last way in: the last admin cannot be deleted or demoted. */
export async function assertNotLastAdmin(db: Db, user: { id: string; role: string }): Promise<void> {
  if (user.role !== "admin") return;
  const admins = await db.user.count({ where: { role: "admin" } });
  if (admins <= 1) throw new PreconditionFailedError("this is the last admin; make another user admin first");
}
