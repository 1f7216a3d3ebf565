import "server-only";
import type { z } from "zod";
import { ZDeviceChanges, type DeviceChanges, type DeviceView } from "@/lib/domain/device";
import type { Device } from "@/lib/db/generated/sqlite/client";
import { requireRole, type ServiceContext } from "../context";
import { ConflictError, ValidationError } from "../errors";
import { openCredentials, sealCredentials, type DeviceCredentials } from "./credentials";
import { getDeviceOrThrow, toDeviceView } from "./internal";

// Moving a device to another host or port forgets its pinned host key: the next contact is a first contact.
export async function updateDevice(ctx: ServiceContext, id: string, input: z.input<typeof ZDeviceChanges>): Promise<DeviceView> {
  requireRole(ctx, "admin");
  const changes = ZDeviceChanges.parse(input);
  const device = await getDeviceOrThrow(ctx.db, id);
  assertFitsKind(device, changes);
  if (changes.name && changes.name !== device.name && (await ctx.db.device.findUnique({ where: { name: changes.name } }))) {
    throw new ConflictError(`a device named ${JSON.stringify(changes.name)} already exists`);
  }
  const moved = (changes.host ?? device.host) !== device.host || (changes.port ?? device.port) !== device.port;
  const credentials = nextCredentials(device, changes);
  const row = await ctx.db.device.update({
    where: { id },
    data: {
      name: changes.name,
      host: changes.host,
      port: changes.port,
      username: changes.username,
      comment: changes.comment,
      transport: changes.transport,
      authMethod: changes.auth?.method,
      sealedCredentials: credentials ? sealCredentials(id, credentials) : undefined,
      ...(moved ? forgetHostKey : {}),
    },
  });
  return toDeviceView(row);
}

const forgetHostKey = {
  hostKeyAlgorithm: null,
  hostKeyFingerprint: null,
  pendingHostKeyAlgorithm: null,
  pendingHostKeyFingerprint: null,
};

function assertFitsKind(device: Device, changes: DeviceChanges): void {
  if (device.kind === "routeros" && changes.auth) throw new ValidationError("auth applies to Linux gateways; use password");
  if (device.kind === "linux" && (changes.password || changes.transport)) {
    throw new ValidationError("password and transport apply to MikroTik routers; use auth");
  }
}

function nextCredentials(device: Device, changes: DeviceChanges): DeviceCredentials | null {
  if (changes.password) return { kind: "routeros", password: changes.password };
  if (!changes.auth) return null;
  // A new key without a passphrase field keeps nothing from before; the form always sends the whole auth block.
  const current = openCredentials(device.id, device.sealedCredentials);
  return current.kind === "linux" ? { kind: "linux", auth: changes.auth } : null;
}
