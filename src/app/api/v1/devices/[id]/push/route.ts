// POST /api/v1/devices/{id}/push – start a push with automatic rollback; poll /pushes/{pushId} for its steps
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { startPush } from "@/lib/services/pushes";

export const POST = handle(policies.startPush, async ({ ctx, params, body }) => {
  const push = await startPush(ctx, params.id, body);
  return { data: push, auditDetail: { push: push.id } };
});
