// GET /api/v1/history.csv – the policy history as CSV, with the history screen's filters
import { history } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { exportHistoryCsv } from "@/lib/services/history";

export const GET = handle(history.exportHistoryCsv, async ({ ctx, query }) => ({
  data: null,
  file: { body: await exportHistoryCsv(ctx, query), filename: "waymark-history.csv" },
}));
