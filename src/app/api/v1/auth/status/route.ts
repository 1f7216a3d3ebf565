// GET /api/v1/auth/status – whether first-run setup is needed, and who is signed in
import { auth } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { needsSetup } from "@/lib/services/auth";

export const GET = handle(auth.authStatus, async ({ ctx }) => {
  const user = ctx.actor.type === "user" || ctx.actor.type === "token" ? { id: ctx.actor.userId, username: ctx.actor.username, role: ctx.actor.role } : null;
  return { data: { needsSetup: await needsSetup(ctx), user } };
});
