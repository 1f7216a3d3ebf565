// GET /api/v1/sites/{id}/state – what each member does now, read from its device
import { sites } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { readSiteState } from "@/lib/services/sites";

export const GET = handle(sites.readSiteState, async ({ ctx, params }) => ({ data: await readSiteState(ctx, params.id) }));
