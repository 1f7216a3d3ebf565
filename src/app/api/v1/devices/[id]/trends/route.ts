// GET /api/v1/devices/{id}/trends?from=&to= – the device's recorded history over a span, for the Trends tab
import { trends } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { getTrends } from "@/lib/services/trends";

export const GET = handle(trends.getTrends, async ({ ctx, params, query }) => ({ data: await getTrends(ctx, params.id, query) }));
