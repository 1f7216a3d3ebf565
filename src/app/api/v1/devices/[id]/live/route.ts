// GET /api/v1/devices/{id}/live – the device's live updates as Server-Sent Events (snapshot, then one per poll)
import { monitoring } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { eventStream } from "@/lib/http/sse";
import { watchDeviceLive } from "@/lib/services/monitoring";

export const GET = handle(monitoring.deviceLive, async ({ ctx, params, request }) => ({
  data: null,
  stream: eventStream(await watchDeviceLive(ctx, params.id), request.signal),
}));
