import "server-only";
import type { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { newId } from "@/lib/auth/tokens";
import { requireRole, type ServiceContext } from "../context";
import { ConflictError } from "../errors";
import { toUserView } from "./internal";
import { CreateUserInput, type UserView } from "./schemas";

export async function createUser(ctx: ServiceContext, input: z.input<typeof CreateUserInput>): Promise<UserView> {
  requireRole(ctx, "admin");
  const { username, password, role } = CreateUserInput.parse(input);
  if (await ctx.db.user.findUnique({ where: { username } })) throw new ConflictError(`user ${username} already exists`);
  const user = await ctx.db.user.create({ data: { id: newId(), username, role, passwordHash: await hashPassword(password) } });
  return toUserView(user);
}
