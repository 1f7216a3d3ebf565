// POST /api/v1/devices/{id}/drills – start a failover drill of one link; GET – the device's drills, newest first
import { drills } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { listDrills, startFailoverDrill, waitForDrill } from "@/lib/services/drills";

export const POST = handle(drills.startDrill, async ({ ctx, params, query, body }) => {
  const started = await startFailoverDrill(ctx, params.id, body);
  const drill = query.wait > 0 ? await waitForDrill(ctx, started.id, query.wait) : started;
  return { data: drill, auditDetail: { drill: drill.id } };
});

export const GET = handle(drills.listDrills, async ({ ctx, params }) => ({ data: await listDrills(ctx, params.id) }));
