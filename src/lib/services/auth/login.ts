import "server-only";
import type { z } from "zod";
import { verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { loginByAccount, loginByAddress } from "@/lib/auth/rate-limit";
import { parseRole } from "@/lib/auth/roles";
import type { ServiceContext } from "../context";
import { RateLimitedError, UnauthenticatedError } from "../errors";
import { LoginInput, type SessionUserView } from "./schemas";
import { openSession, type NewSession } from "./sessions";

export async function login(
  ctx: ServiceContext,
  input: z.input<typeof LoginInput>,
  meta: { userAgent: string | null },
): Promise<{ user: SessionUserView; session: NewSession }> {
  const { username, password } = LoginInput.parse(input);
  const address = ctx.ip ?? "unknown";
  const accountKey = `${username.toLowerCase()}|${address}`;
  assertNotThrottled(accountKey, address);

  const user = await ctx.db.user.findUnique({ where: { username } });
  const valid = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
  if (!user || !valid) {
    loginByAccount.recordFailure(accountKey);
    loginByAddress.recordFailure(address);
    throw new UnauthenticatedError("wrong username or password");
  }
  loginByAccount.reset(accountKey);
  const session = await openSession(ctx.db, user.id, { ip: ctx.ip, userAgent: meta.userAgent });
  return { user: { id: user.id, username: user.username, role: parseRole(user.role) }, session };
}

function assertNotThrottled(accountKey: string, address: string): void {
  const waitMs = Math.max(loginByAccount.retryAfterMs(accountKey), loginByAddress.retryAfterMs(address));
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    throw new RateLimitedError(`too many failed sign-ins; try again in ${seconds} s`, seconds);
  }
}
