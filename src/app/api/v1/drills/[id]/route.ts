// GET /api/v1/drills/{id} – one failover drill as it stands; ?wait=N waits up to N seconds for it to end
import { drills } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { waitForDrill } from "@/lib/services/drills";

export const GET = handle(drills.getDrill, async ({ ctx, params, query }) => ({ data: await waitForDrill(ctx, params.id, query.wait) }));
