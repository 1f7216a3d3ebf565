// PUT /api/v1/devices/{id}/policy/target-options – how the saved intent is realised on this device (nothing is pushed)
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { saveTargetOptions } from "@/lib/services/policies";

export const PUT = handle(policies.saveTargetOptions, async ({ ctx, params, body }) => ({ data: await saveTargetOptions(ctx, params.id, body) }));
