import "server-only";
import type { z } from "zod";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { actorUserId, type ServiceContext } from "../context";
import { ForbiddenError, UnauthenticatedError } from "../errors";
import { ChangePasswordInput } from "./schemas";
import { countPasswordCheck } from "./throttle";

// Changing one's password ends every other session of that user. Wrong current passwords are throttled per user
// like sign-ins, so a stolen session cannot guess the account's password.
export async function changePassword(ctx: ServiceContext, input: z.input<typeof ChangePasswordInput>): Promise<void> {
  const { currentPassword, newPassword } = ChangePasswordInput.parse(input);
  if (ctx.actor.type !== "user") throw new ForbiddenError("passwords are changed from a signed-in session, not with a token");
  const userId = actorUserId(ctx.actor);
  const user = userId ? await ctx.db.user.findUnique({ where: { id: userId } }) : null;
  if (!user) throw new UnauthenticatedError();
  const attempt = countPasswordCheck(user.id);
  if (!(await verifyPassword(currentPassword, user.passwordHash))) throw new ForbiddenError("the current password is wrong");
  attempt.succeeded();
  const passwordHash = await hashPassword(newPassword);
  const keep = ctx.actor.sessionId;
  await ctx.db.$transaction([
    ctx.db.user.update({ where: { id: user.id }, data: { passwordHash } }),
    ctx.db.session.deleteMany({ where: { userId: user.id, id: { not: keep } } }),
  ]);
}
