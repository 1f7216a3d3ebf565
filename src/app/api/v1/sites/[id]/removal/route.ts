// POST /api/v1/sites/{id}/removal – take the site off every device that runs its plan
import { sites } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { removeSiteFromDevices } from "@/lib/services/sites";

export const POST = handle(sites.removeSite, async ({ ctx, params, body }) => {
  const started = await removeSiteFromDevices(ctx, params.id, body);
  return { data: started, auditDetail: { push: started.pushId } };
});
