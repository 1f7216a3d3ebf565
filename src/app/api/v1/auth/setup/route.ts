// POST /api/v1/auth/setup – first run: create the admin and sign in
import { auth } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { sessionCookie } from "@/lib/http/session-cookie";
import { setupAdmin } from "@/lib/services/auth";

export const POST = handle(auth.setup, async ({ ctx, body, request }) => {
  const { user, session } = await setupAdmin(ctx, body, { userAgent: request.headers.get("user-agent") });
  return { data: { user, csrfToken: session.csrfToken }, target: user.username, cookies: [sessionCookie(session)] };
});
