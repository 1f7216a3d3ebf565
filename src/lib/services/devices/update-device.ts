import "server-only";
import type { z } from "zod";
import { ZDeviceChanges, type DeviceChanges, type DeviceView } from "@/lib/domain/device";
import type { Device } from "@/lib/db/generated/sqlite/client";
import { requireRole, type ServiceContext } from "../context";
import { ConflictError, conflictOnDuplicate, ValidationError } from "../errors";
import { serializable } from "../serializable";
import { openCredentials, sealCredentials, type DeviceCredentials } from "./credentials";
import { assertAddressFree, deviceNameTaken, getDeviceOrThrow, toDeviceView } from "./internal";

// Moving a device to another address (host, port, or RouterOS transport) needs its credentials in the same
// request: otherwise the next Test connection would hand the stored password to whatever listens at the new
// address. A move also forgets the pinned host key: the next contact is a first contact.
export async function updateDevice(ctx: ServiceContext, id: string, input: z.input<typeof ZDeviceChanges>): Promise<DeviceView> {
  requireRole(ctx, "admin");
  const changes = ZDeviceChanges.parse(input);
  const device = await getDeviceOrThrow(ctx.db, id);
  assertFitsKind(device, changes);
  const moved = movedFields(device, changes);
  if (moved.length > 0) assertCredentialsGiven(device, changes, moved);
  const credentials = nextCredentials(device, changes);
  const row = await serializable(ctx.db, async (tx) => {
    const name = changes.name ?? device.name;
    if (name !== device.name && (await tx.device.findUnique({ where: { name } }))) throw new ConflictError(deviceNameTaken(name));
    if (moved.length > 0) await assertAddressFree(tx, changes.host ?? device.host, changes.port ?? device.port, id);
    return tx.device.update({
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
        ...(moved.length > 0 ? forgetHostKey : {}),
      },
    });
  }).catch(conflictOnDuplicate(deviceNameTaken(changes.name ?? device.name)));
  return toDeviceView(row);
}

const forgetHostKey = {
  hostKeyAlgorithm: null,
  hostKeyFingerprint: null,
  pendingHostKeyAlgorithm: null,
  pendingHostKeyFingerprint: null,
};

function movedFields(device: Device, changes: DeviceChanges): string[] {
  const moved: string[] = [];
  if (changes.host !== undefined && changes.host !== device.host) moved.push("host");
  if (changes.port !== undefined && changes.port !== device.port) moved.push("port");
  if (changes.transport !== undefined && changes.transport !== device.transport) moved.push("transport");
  return moved;
}

function assertCredentialsGiven(device: Device, changes: DeviceChanges, moved: string[]): void {
  const field = device.kind === "routeros" ? "password" : "auth";
  if (changes[field] !== undefined) return;
  const message = `changing the ${moved.join(" and ")} needs the device's ${device.kind === "routeros" ? "password" : "password or key"} again, in the same request: the stored one is never sent to a new address`;
  const path = device.kind === "routeros" ? "password" : device.authMethod === "key" ? "auth.privateKey" : "auth.password";
  throw new ValidationError(message, [{ path, message: "enter it again: the address changed" }]);
}

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
