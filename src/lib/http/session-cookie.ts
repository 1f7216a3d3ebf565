import "server-only";
import { SESSION_COOKIE, type NewSession } from "@/lib/services/auth";
import type { CookieOp } from "./handle";

export function sessionCookie(session: NewSession): CookieOp {
  return { name: SESSION_COOKIE, value: session.cookieValue, expires: session.expiresAt };
}

export function clearedSessionCookie(): CookieOp {
  return { name: SESSION_COOKIE, value: "", maxAge: 0 };
}
