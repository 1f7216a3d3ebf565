// POST /api/v1/devices/{id}/test-connection – connect and read identity, model, version
import { devices } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { checkDeviceConnection } from "@/lib/services/devices";

export const POST = handle(devices.checkConnection, async ({ ctx, params }) => {
  const result = await checkDeviceConnection(ctx, params.id);
  return { data: result, auditDetail: { result: result.check.status } };
});
