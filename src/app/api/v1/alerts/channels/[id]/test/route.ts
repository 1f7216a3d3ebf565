// POST /api/v1/alerts/channels/{id}/test – send a test message now and answer with what the server said (admin)
import { alerts } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { testChannel } from "@/lib/services/alerts";

export const POST = handle(alerts.testChannel, async ({ ctx, params }) => {
  const outcome = await testChannel(ctx, params.id);
  return { data: outcome, auditDetail: { sent: outcome.ok, detail: outcome.detail } };
});
