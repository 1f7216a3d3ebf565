import "server-only";
import type { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { newId } from "@/lib/auth/tokens";
import { requireRole, type ServiceContext } from "../context";
import { ConflictError, conflictOnDuplicate } from "../errors";
import { toUserView, userExists } from "./internal";
import { CreateUserInput, type UserView } from "./schemas";

// The look-up spares a hash for the common mistake; the unique index decides when two creates race.
export async function createUser(ctx: ServiceContext, input: z.input<typeof CreateUserInput>): Promise<UserView> {
  requireRole(ctx, "admin");
  const { username, password, role } = CreateUserInput.parse(input);
  if (await ctx.db.user.findUnique({ where: { username } })) throw new ConflictError(userExists(username));
  const passwordHash = await hashPassword(password);
  const user = await ctx.db.user.create({ data: { id: newId(), username, role, passwordHash } }).catch(conflictOnDuplicate(userExists(username)));
  return toUserView(user);
}
