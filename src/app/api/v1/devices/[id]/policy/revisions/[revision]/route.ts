// GET /api/v1/devices/{id}/policy/revisions/{revision} – one saved revision as it was
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { getRevision } from "@/lib/services/policies";

export const GET = handle(policies.getRevision, async ({ ctx, params }) => ({ data: await getRevision(ctx, params.id, params.revision) }));
