// GET /api/v1/sites/{id}/pushes – the site's pushes; POST – push the saved site to every member device
import { sites } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { listSitePushes, startSitePush } from "@/lib/services/sites";

export const GET = handle(sites.listSitePushes, async ({ ctx, params }) => ({ data: await listSitePushes(ctx, params.id) }));

export const POST = handle(sites.startSitePush, async ({ ctx, params, body }) => {
  const started = await startSitePush(ctx, params.id, body);
  return { data: started, auditDetail: { push: started.pushId } };
});
