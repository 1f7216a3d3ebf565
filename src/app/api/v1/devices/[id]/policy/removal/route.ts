// POST /api/v1/devices/{id}/policy/removal – take every Waymark object off the device (gated, rolled back on failure)
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { removePolicy, waitForPush } from "@/lib/services/pushes";

export const POST = handle(policies.removePolicy, async ({ ctx, params, query, body }) => {
  const started = await removePolicy(ctx, params.id, body);
  const push = query.wait > 0 ? await waitForPush(ctx, started.id, query.wait) : started;
  return { data: push, auditDetail: { push: push.id } };
});
