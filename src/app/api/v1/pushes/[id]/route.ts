// GET /api/v1/pushes/{id} – one push and its steps; ?wait=N waits up to N seconds for it to end
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { waitForPush } from "@/lib/services/pushes";

export const GET = handle(policies.getPush, async ({ ctx, params, query }) => ({ data: await waitForPush(ctx, params.id, query.wait) }));
