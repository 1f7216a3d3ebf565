// POST /api/v1/devices/{id}/push – start a push with automatic rollback; ?wait=N answers when it ended (or after N s)
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { startPush, waitForPush } from "@/lib/services/pushes";

export const POST = handle(policies.startPush, async ({ ctx, params, query, body }) => {
  const started = await startPush(ctx, params.id, body);
  const push = query.wait > 0 ? await waitForPush(ctx, started.id, query.wait) : started;
  return { data: push, auditDetail: { push: push.id } };
});
