// GET /api/v1/alerts/rules – the alert rules; POST – add one (admin)
import { alerts } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { createRule, listRules } from "@/lib/services/alerts";

export const GET = handle(alerts.listRules, async ({ ctx }) => ({ data: await listRules(ctx) }));

export const POST = handle(alerts.createRule, async ({ ctx, body }) => {
  const rule = await createRule(ctx, body);
  return { data: rule, auditDetail: { rule: rule.id } };
});
