// POST /api/v1/me/password – change your own password
import { auth } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { changePassword } from "@/lib/services/auth";

export const POST = handle(auth.changePassword, async ({ ctx, body }) => {
  await changePassword(ctx, body);
  return { data: { ok: true } };
});
