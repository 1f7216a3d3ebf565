// GET /api/v1/tokens – list API tokens; POST – create one (the secret is shown once)
import { admin } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { createToken, listTokens } from "@/lib/services/tokens";

export const GET = handle(admin.listTokens, async ({ ctx }) => ({ data: await listTokens(ctx) }));

export const POST = handle(admin.createToken, async ({ ctx, body }) => {
  const token = await createToken(ctx, body);
  return { data: token, target: token.id };
});
