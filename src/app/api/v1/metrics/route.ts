// GET /api/v1/metrics – the fleet as Prometheus exposition (bearer token, viewer); /metrics serves the same
import { metrics } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { scrapeMetrics } from "@/lib/services/metrics";

export const GET = handle(metrics.scrapeMetrics, async ({ ctx }) => {
  const { body } = await scrapeMetrics(ctx);
  return { data: null, file: { body } };
});
