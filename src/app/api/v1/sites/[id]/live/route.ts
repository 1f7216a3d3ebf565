// GET /api/v1/sites/{id}/live – the site's live updates as Server-Sent Events (snapshot, then one per poll of its members)
import { monitoring } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { eventStream } from "@/lib/http/sse";
import { watchSiteLive } from "@/lib/services/monitoring";

export const GET = handle(monitoring.siteLive, async ({ ctx, params, request }) => ({
  data: null,
  stream: eventStream(await watchSiteLive(ctx, params.id), request.signal),
}));
