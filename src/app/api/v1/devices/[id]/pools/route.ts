// GET /api/v1/devices/{id}/pools – the saved server pools with each backend's live state and maintenance record
import { pools } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { getPools } from "@/lib/services/pools";

export const GET = handle(pools.listPools, async ({ ctx, params }) => ({ data: await getPools(ctx, params.id) }));
