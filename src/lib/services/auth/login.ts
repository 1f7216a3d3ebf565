import "server-only";
import type { z } from "zod";
import { verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { parseRole } from "@/lib/auth/roles";
import type { ServiceContext } from "../context";
import { UnauthenticatedError } from "../errors";
import { LoginInput, type SessionUserView } from "./schemas";
import { openSession, type NewSession } from "./sessions";
import { countSignIn } from "./throttle";

export async function login(
  ctx: ServiceContext,
  input: z.input<typeof LoginInput>,
  meta: { userAgent: string | null },
): Promise<{ user: SessionUserView; session: NewSession }> {
  const { username, password } = LoginInput.parse(input);
  // Counted before the hash: a burst of parallel guesses cannot all pass the check while the first are hashing.
  const attempt = await countSignIn(username, ctx.ip ?? "unknown");
  const user = await ctx.db.user.findUnique({ where: { username } });
  const valid = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
  if (!user || !valid) throw new UnauthenticatedError("wrong username or password");
  attempt.succeeded();
  const session = await openSession(ctx.db, user.id, { ip: ctx.ip, userAgent: meta.userAgent });
  return { user: { id: user.id, username: user.username, role: parseRole(user.role) }, session };
}
