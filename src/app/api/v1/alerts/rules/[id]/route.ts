// PUT /api/v1/alerts/rules/{id} – change a rule; DELETE – delete it (admin)
import { alerts } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { deleteRule, updateRule } from "@/lib/services/alerts";

export const PUT = handle(alerts.updateRule, async ({ ctx, params, body }) => ({ data: await updateRule(ctx, params.id, body) }));

export const DELETE = handle(alerts.deleteRule, async ({ ctx, params }) => {
  const { name } = await deleteRule(ctx, params.id);
  return { data: { ok: true }, auditDetail: { name } };
});
