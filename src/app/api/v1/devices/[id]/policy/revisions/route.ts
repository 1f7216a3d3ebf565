// GET /api/v1/devices/{id}/policy/revisions – every saved revision, newest first, with what each changed
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { listRevisions } from "@/lib/services/policies";

export const GET = handle(policies.listRevisions, async ({ ctx, params }) => ({ data: await listRevisions(ctx, params.id) }));
