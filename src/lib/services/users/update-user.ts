import "server-only";
import type { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { requireRole, type ServiceContext } from "../context";
import { serializable } from "../serializable";
import { assertAnotherAdminRemains, getUserOrThrow, toUserView } from "./internal";
import { UpdateUserInput, type UserView } from "./schemas";

// An admin resetting someone's password also signs that user out everywhere. The slow hash runs first; the
// last-admin check and the change then run in one serializable transaction, so the count cannot go stale.
export async function updateUser(ctx: ServiceContext, id: string, input: z.input<typeof UpdateUserInput>): Promise<UserView> {
  requireRole(ctx, "admin");
  const { role, password } = UpdateUserInput.parse(input);
  await getUserOrThrow(ctx.db, id);
  const passwordHash = password ? await hashPassword(password) : undefined;
  const updated = await serializable(ctx.db, async (tx) => {
    const user = await getUserOrThrow(tx, id);
    if (role && role !== "admin") await assertAnotherAdminRemains(tx, user);
    if (passwordHash) await tx.session.deleteMany({ where: { userId: id } });
    return tx.user.update({ where: { id }, data: { role, passwordHash } });
  });
  return toUserView(updated);
}
