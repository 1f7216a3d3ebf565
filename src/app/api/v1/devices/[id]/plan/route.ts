// POST /api/v1/devices/{id}/plan – compile the saved intent into the exact change (nothing is sent)
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { previewPlan } from "@/lib/services/pushes";

export const POST = handle(policies.previewPlan, async ({ ctx, params, body }) => ({ data: await previewPlan(ctx, params.id, body) }));
