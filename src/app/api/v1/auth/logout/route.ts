// POST /api/v1/auth/logout – sign out
import { auth } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { clearedSessionCookie } from "@/lib/http/session-cookie";
import { logout } from "@/lib/services/auth";

export const POST = handle(auth.logout, async ({ ctx }) => {
  await logout(ctx);
  return { data: { ok: true }, cookies: [clearedSessionCookie()] };
});
