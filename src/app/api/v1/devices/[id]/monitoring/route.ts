// PATCH /api/v1/devices/{id}/monitoring – poll interval and whether the monitor watches the device
import { monitoring } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { setMonitoring } from "@/lib/services/monitoring";

export const PATCH = handle(monitoring.setMonitoring, async ({ ctx, params, body }) => ({ data: await setMonitoring(ctx, params.id, body) }));
