// GET/PUT/DELETE /api/v1/sites/{id}
import { sites } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { deleteSite, getSite, updateSite } from "@/lib/services/sites";

export const GET = handle(sites.getSite, async ({ ctx, params }) => ({ data: await getSite(ctx, params.id) }));

export const PUT = handle(sites.updateSite, async ({ ctx, params, body }) => ({ data: await updateSite(ctx, params.id, body) }));

export const DELETE = handle(sites.deleteSite, async ({ ctx, params }) => {
  await deleteSite(ctx, params.id);
  return { data: { ok: true } };
});
