import "server-only";
import type { z } from "zod";
import { ZNewDevice, type DeviceView } from "@/lib/domain/device";
import { newId } from "@/lib/auth/tokens";
import { requireRole, type ServiceContext } from "../context";
import { ConflictError, conflictOnDuplicate } from "../errors";
import { serializable } from "../serializable";
import { sealCredentials } from "./credentials";
import { assertAddressFree, credentialsOf, deviceNameTaken, portOf, toDeviceView } from "./internal";

// Adding does not contact the device (the form runs Test connection first, see check-new-device.ts); it refuses
// a second entry for a name or for a host and port already in the inventory.
export async function createDevice(ctx: ServiceContext, input: z.input<typeof ZNewDevice>): Promise<DeviceView> {
  requireRole(ctx, "admin");
  const device = ZNewDevice.parse(input);
  const id = newId();
  const port = portOf(device);
  const sealedCredentials = sealCredentials(id, credentialsOf(device));
  const row = await serializable(ctx.db, async (tx) => {
    if (await tx.device.findUnique({ where: { name: device.name } })) throw new ConflictError(deviceNameTaken(device.name));
    await assertAddressFree(tx, device.host, port);
    return tx.device.create({
      data: {
        id,
        name: device.name,
        kind: device.kind,
        host: device.host,
        port,
        transport: device.kind === "routeros" ? device.transport : null,
        authMethod: device.kind === "linux" ? device.auth.method : null,
        username: device.username,
        comment: device.comment,
        sealedCredentials,
      },
    });
  }).catch(conflictOnDuplicate(deviceNameTaken(device.name)));
  return toDeviceView(row);
}
