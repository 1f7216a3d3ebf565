// GET /api/v1/devices/{id}/wizard/proposal – read the device and propose WAN links and LAN, each with its reason
import { wizard } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { proposeSetup } from "@/lib/services/wizard";

export const GET = handle(wizard.getProposal, async ({ ctx, params }) => ({ data: await proposeSetup(ctx, params.id) }));
