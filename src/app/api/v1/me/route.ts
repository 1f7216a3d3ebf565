// GET /api/v1/me – the signed-in user or the token's owner
import { auth } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { ApiError } from "@/lib/http/errors";

export const GET = handle(auth.me, async ({ ctx }) => {
  if (ctx.actor.type !== "user" && ctx.actor.type !== "token") throw new ApiError("unauthenticated", "sign in first");
  return { data: { id: ctx.actor.userId, username: ctx.actor.username, role: ctx.actor.role } };
});
