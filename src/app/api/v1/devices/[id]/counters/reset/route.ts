// POST /api/v1/devices/{id}/counters/reset – zero the counters of Waymark's rules (never the admin's own)
import { counters } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { resetRuleCounters } from "@/lib/services/counters";

export const POST = handle(counters.resetCounters, async ({ ctx, params }) => {
  const result = await resetRuleCounters(ctx, params.id);
  return { data: result, auditDetail: { reset: result.reset } };
});
