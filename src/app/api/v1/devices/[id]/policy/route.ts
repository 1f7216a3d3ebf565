// GET /api/v1/devices/{id}/policy – the saved intent; PUT – save a new one (nothing is pushed)
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { getPolicy, savePolicy } from "@/lib/services/policies";

export const GET = handle(policies.getPolicy, async ({ ctx, params }) => ({ data: await getPolicy(ctx, params.id) }));

export const PUT = handle(policies.savePolicy, async ({ ctx, params, body }) => ({ data: await savePolicy(ctx, params.id, body) }));
