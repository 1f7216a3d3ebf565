// GET /api/v1/pushes/{id} – one push and its steps
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { getPush } from "@/lib/services/pushes";

export const GET = handle(policies.getPush, async ({ ctx, params }) => ({ data: await getPush(ctx, params.id) }));
