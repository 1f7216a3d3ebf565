// POST /api/v1/devices/test-connection – try the address and credentials of a device before adding it
import { devices } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { checkNewDevice } from "@/lib/services/devices";

export const POST = handle(devices.checkNewDevice, async ({ ctx, body }) => {
  const check = await checkNewDevice(ctx, body);
  return { data: check, auditDetail: { result: check.status } };
});
