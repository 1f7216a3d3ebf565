// GET /api/v1/sites/{id}/pushes/{pushId} – one site push with each device's steps; ?wait=N answers when it ended
import { sites } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { getSitePush } from "@/lib/services/sites";

export const GET = handle(sites.getSitePush, async ({ ctx, params, query }) => ({ data: await getSitePush(ctx, params.id, params.pushId, query.wait) }));
