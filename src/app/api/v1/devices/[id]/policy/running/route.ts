// GET /api/v1/devices/{id}/policy/running – what the device runs (the last confirmed or unchanged push)
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { getRunningPolicy } from "@/lib/services/policies";

export const GET = handle(policies.getRunningPolicy, async ({ ctx, params }) => ({ data: await getRunningPolicy(ctx, params.id) }));
