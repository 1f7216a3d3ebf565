// POST /api/v1/sites/plan – preview a site not saved yet: each member device's plan (nothing is sent or saved)
import { sites } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { previewNewSite } from "@/lib/services/sites";

export const POST = handle(sites.previewNewSite, async ({ ctx, body }) => ({ data: await previewNewSite(ctx, body) }));
