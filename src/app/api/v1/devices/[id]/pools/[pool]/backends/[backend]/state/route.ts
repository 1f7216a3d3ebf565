// POST /api/v1/devices/{id}/pools/{pool}/backends/{backend}/state – drain, disable or re-enable a backend (saved, then pushed)
import { pools } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { setBackendState } from "@/lib/services/pools";

export const POST = handle(pools.setBackendState, async ({ ctx, params, body }) => {
  const change = await setBackendState(ctx, params.id, params.pool, params.backend, body);
  return { data: { pushId: change.push.id, revision: change.revision, warning: change.warning }, auditDetail: { push: change.push.id } };
});
