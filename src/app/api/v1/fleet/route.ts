// GET /api/v1/fleet – every device at a glance, worst first
import { monitoring } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { getFleet } from "@/lib/services/monitoring";

export const GET = handle(monitoring.fleet, async ({ ctx }) => ({ data: await getFleet(ctx) }));
