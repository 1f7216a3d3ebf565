import "server-only";
import { ZConnectionStatus, ZRouterOsTransport, type DeviceView } from "@/lib/domain/device";
import type { Device } from "@/lib/db/generated/sqlite/client";
import type { Db } from "@/lib/db/client";
import type { DeviceTarget } from "@/lib/devices";
import { NotFoundError } from "../errors";
import { openCredentials } from "./credentials";

export async function getDeviceOrThrow(db: Db, id: string): Promise<Device> {
  const device = await db.device.findUnique({ where: { id } });
  if (!device) throw new NotFoundError("device", id);
  return device;
}

function hostKey(algorithm: string | null, fingerprint: string | null) {
  return algorithm && fingerprint ? { algorithm, fingerprint } : null;
}

export function toDeviceView(device: Device): DeviceView {
  const status = ZConnectionStatus.safeParse(device.lastCheckStatus);
  return {
    id: device.id,
    name: device.name,
    kind: device.kind === "linux" ? "linux" : "routeros",
    host: device.host,
    port: device.port,
    transport: ZRouterOsTransport.nullable().catch(null).parse(device.transport),
    username: device.username,
    authMethod: device.authMethod === "key" || device.authMethod === "password" ? device.authMethod : null,
    comment: device.comment,
    hostKey: hostKey(device.hostKeyAlgorithm, device.hostKeyFingerprint),
    pendingHostKey: hostKey(device.pendingHostKeyAlgorithm, device.pendingHostKeyFingerprint),
    lastCheck:
      status.success && device.lastCheckedAt
        ? { status: status.data, message: device.lastCheckMessage, at: device.lastCheckedAt.toISOString() }
        : null,
    identity: device.identity,
    model: device.model,
    version: device.version,
    createdAt: device.createdAt.toISOString(),
    updatedAt: device.updatedAt.toISOString(),
  };
}

/** The only place decrypted credentials exist: built just before a driver call, never returned to callers. */
export function toTarget(device: Device): DeviceTarget {
  const credentials = openCredentials(device.id, device.sealedCredentials);
  if (credentials.kind === "routeros") {
    return {
      kind: "routeros",
      host: device.host,
      port: device.port,
      transport: ZRouterOsTransport.catch("plain").parse(device.transport),
      username: device.username,
      password: credentials.password,
    };
  }
  return {
    kind: "linux",
    host: device.host,
    port: device.port,
    username: device.username,
    auth: credentials.auth,
    pinnedHostKey: device.hostKeyFingerprint,
  };
}
