// GET /api/v1/sites – every site; POST – save a new one
import { sites } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { createSite, listSites } from "@/lib/services/sites";

export const GET = handle(sites.listSites, async ({ ctx }) => ({ data: await listSites(ctx) }));

export const POST = handle(sites.createSite, async ({ ctx, body }) => {
  const site = await createSite(ctx, body);
  return { data: site, target: site.id };
});
