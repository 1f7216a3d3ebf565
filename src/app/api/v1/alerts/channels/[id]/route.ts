// PUT /api/v1/alerts/channels/{id} – change a channel; DELETE – delete it (admin)
import { alerts } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { deleteChannel, updateChannel } from "@/lib/services/alerts";

export const PUT = handle(alerts.updateChannel, async ({ ctx, params, body }) => ({ data: await updateChannel(ctx, params.id, body) }));

export const DELETE = handle(alerts.deleteChannel, async ({ ctx, params }) => {
  const { name } = await deleteChannel(ctx, params.id);
  return { data: { ok: true }, auditDetail: { name } };
});
