// GET /metrics – where Prometheus looks by default: the same contract and service verb as /api/v1/metrics
import { metrics } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { scrapeMetrics } from "@/lib/services/metrics";

export const GET = handle(metrics.scrapeMetrics, async ({ ctx }) => ({ data: null, file: { body: (await scrapeMetrics(ctx)).body } }));
