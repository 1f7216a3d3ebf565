// POST /api/v1/devices/{id}/accept-host-key – trust the SSH host key the gateway now presents
import { devices } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { acceptHostKey } from "@/lib/services/devices";

export const POST = handle(devices.acceptHostKey, async ({ ctx, params, body }) => ({
  data: await acceptHostKey(ctx, params.id, body),
}));
