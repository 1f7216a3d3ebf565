import "server-only";
import type { z } from "zod";
import { defaultPort, ZNewDevice, type DeviceView, type NewDevice } from "@/lib/domain/device";
import { newId } from "@/lib/auth/tokens";
import { requireRole, type ServiceContext } from "../context";
import { ConflictError } from "../errors";
import { sealCredentials, type DeviceCredentials } from "./credentials";
import { toDeviceView } from "./internal";

export async function createDevice(ctx: ServiceContext, input: z.input<typeof ZNewDevice>): Promise<DeviceView> {
  requireRole(ctx, "admin");
  const device = ZNewDevice.parse(input);
  if (await ctx.db.device.findUnique({ where: { name: device.name } })) {
    throw new ConflictError(`a device named ${JSON.stringify(device.name)} already exists`);
  }
  const id = newId();
  const row = await ctx.db.device.create({
    data: {
      id,
      name: device.name,
      kind: device.kind,
      host: device.host,
      port: device.port ?? defaultPort(device.kind, device.kind === "routeros" ? device.transport : undefined),
      transport: device.kind === "routeros" ? device.transport : null,
      authMethod: device.kind === "linux" ? device.auth.method : null,
      username: device.username,
      comment: device.comment,
      sealedCredentials: sealCredentials(id, credentialsOf(device)),
    },
  });
  return toDeviceView(row);
}

function credentialsOf(device: NewDevice): DeviceCredentials {
  return device.kind === "routeros" ? { kind: "routeros", password: device.password } : { kind: "linux", auth: device.auth };
}
