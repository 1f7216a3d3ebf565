// POST /api/v1/auth/login – sign in
import { auth } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { sessionCookie } from "@/lib/http/session-cookie";
import { login } from "@/lib/services/auth";

export const POST = handle(auth.login, async ({ ctx, body, request }) => {
  const { user, session } = await login(ctx, body, { userAgent: request.headers.get("user-agent") });
  return { data: { user, csrfToken: session.csrfToken }, target: user.username, cookies: [sessionCookie(session)] };
});
