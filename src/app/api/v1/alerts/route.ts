// GET /api/v1/alerts – open alerts and the recently resolved ones
import { alerts } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { listAlerts } from "@/lib/services/alerts";

export const GET = handle(alerts.listAlerts, async ({ ctx }) => ({ data: await listAlerts(ctx) }));
