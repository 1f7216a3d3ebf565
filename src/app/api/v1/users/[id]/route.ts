// PATCH/DELETE /api/v1/users/{id}
import { admin } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { deleteUser, updateUser } from "@/lib/services/users";

export const PATCH = handle(admin.updateUser, async ({ ctx, params, body }) => ({ data: await updateUser(ctx, params.id, body) }));

export const DELETE = handle(admin.deleteUser, async ({ ctx, params }) => {
  await deleteUser(ctx, params.id);
  return { data: { ok: true } };
});
