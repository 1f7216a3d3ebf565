// GET /api/v1/devices/{id}/pushes – push history, newest first
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { listPushes } from "@/lib/services/pushes";

export const GET = handle(policies.listPushes, async ({ ctx, params }) => ({ data: await listPushes(ctx, params.id) }));
