import "server-only";
import type { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { requireRole, type ServiceContext } from "../context";
import { assertNotLastAdmin, getUserOrThrow, toUserView } from "./internal";
import { UpdateUserInput, type UserView } from "./schemas";

// An admin resetting someone's password also signs that user out everywhere.
export async function updateUser(ctx: ServiceContext, id: string, input: z.input<typeof UpdateUserInput>): Promise<UserView> {
  requireRole(ctx, "admin");
  const { role, password } = UpdateUserInput.parse(input);
  const user = await getUserOrThrow(ctx.db, id);
  if (role && role !== "admin") await assertNotLastAdmin(ctx.db, user);
  const passwordHash = password ? await hashPassword(password) : undefined;
  const updated = await ctx.db.$transaction(async (tx) => {
    if (passwordHash) await tx.session.deleteMany({ where: { userId: id } });
    return tx.user.update({ where: { id }, data: { role, passwordHash } });
  });
  return toUserView(updated);
}
