// POST /api/v1/sites/{id}/plan – each member device's plan for the saved site or a draft (nothing is sent or saved)
import { sites } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { previewSite } from "@/lib/services/sites";

export const POST = handle(sites.previewSite, async ({ ctx, params, body }) => ({ data: await previewSite(ctx, params.id, body) }));
