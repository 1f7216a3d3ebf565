// GET/PATCH/DELETE /api/v1/devices/{id}
import { devices } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { deleteDevice, getDevice, updateDevice } from "@/lib/services/devices";

export const GET = handle(devices.getDevice, async ({ ctx, params }) => ({ data: await getDevice(ctx, params.id) }));

export const PATCH = handle(devices.updateDevice, async ({ ctx, params, body }) => ({
  data: await updateDevice(ctx, params.id, body),
}));

export const DELETE = handle(devices.deleteDevice, async ({ ctx, params }) => {
  await deleteDevice(ctx, params.id);
  return { data: { ok: true } };
});
