// POST /api/v1/devices/{id}/plan – compile the saved intent or a draft into the exact change, its meaning and what it changes now (nothing is sent or saved)
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { previewPlan } from "@/lib/services/pushes";

export const POST = handle(policies.previewPlan, async ({ ctx, params, body }) => ({ data: await previewPlan(ctx, params.id, body) }));
