// GET /api/v1/devices – list devices; POST – add one
import { devices } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { createDevice, listDevices } from "@/lib/services/devices";

export const GET = handle(devices.listDevices, async ({ ctx }) => ({ data: await listDevices(ctx) }));

export const POST = handle(devices.createDevice, async ({ ctx, body }) => {
  const device = await createDevice(ctx, body);
  return { data: device, target: device.id };
});
