// GET /api/v1/sites/{id}/trends?range= – the site's recorded history per member and next hop, for the site's Trends
import { trends } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { getSiteTrends } from "@/lib/services/trends";

export const GET = handle(trends.getSiteTrends, async ({ ctx, params, query }) => ({ data: await getSiteTrends(ctx, params.id, query.range) }));
