// DELETE /api/v1/tokens/{id} – revoke a token
import { admin } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { revokeToken } from "@/lib/services/tokens";

export const DELETE = handle(admin.revokeToken, async ({ ctx, params }) => {
  await revokeToken(ctx, params.id);
  return { data: { ok: true } };
});
