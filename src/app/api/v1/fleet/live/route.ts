// GET /api/v1/fleet/live – the fleet's rows as Server-Sent Events (snapshot, then a row per device update)
import { monitoring } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { eventStream } from "@/lib/http/sse";
import { watchFleetLive } from "@/lib/services/monitoring";

export const GET = handle(monitoring.fleetLive, async ({ ctx, request }) => ({ data: null, stream: eventStream(await watchFleetLive(ctx), request.signal) }));
