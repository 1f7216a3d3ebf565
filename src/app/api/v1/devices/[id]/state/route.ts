// GET /api/v1/devices/{id}/state – link states, per-link counters, connections and drift, read from the device
import { policies } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { readDeviceState } from "@/lib/services/pushes";

export const GET = handle(policies.readState, async ({ ctx, params }) => ({ data: await readDeviceState(ctx, params.id) }));
