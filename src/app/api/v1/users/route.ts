// GET /api/v1/users – list users; POST – create one
import { admin } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { createUser, listUsers } from "@/lib/services/users";

export const GET = handle(admin.listUsers, async ({ ctx }) => ({ data: await listUsers(ctx) }));

export const POST = handle(admin.createUser, async ({ ctx, body }) => {
  const user = await createUser(ctx, body);
  return { data: user, target: user.id };
});
