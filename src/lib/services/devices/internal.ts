import "server-only";
import { defaultPort, ZConnectionStatus, ZRouterOsTransport, type DeviceView, type NewDevice } from "@/lib/domain/device";
import type { Device } from "@/lib/db/generated/sqlite/client";
import type { DeviceTarget } from "@/lib/devices";
import { ConflictError, NotFoundError } from "../errors";
import type { Tx } from "../serializable";
import { openCredentials, type DeviceCredentials } from "./credentials";

export async function getDeviceOrThrow(db: Tx, id: string): Promise<Device> {
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
      status.success && device.lastCheckedAt ? { status: status.data, message: device.lastCheckMessage, at: device.lastCheckedAt.toISOString() } : null,
    identity: device.identity,
    model: device.model,
    version: device.version,
    monitoring: { pollIntervalSec: device.pollIntervalSec, monitored: device.monitored },
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

/** A device being added, as the driver needs it: credentials as typed, no host key pinned yet. */
export function newDeviceTarget(device: NewDevice): DeviceTarget {
  const port = portOf(device);
  if (device.kind === "routeros") {
    const { host, transport, username, password } = device;
    return { kind: "routeros", host, port, transport, username, password };
  }
  return { kind: "linux", host: device.host, port, username: device.username, auth: device.auth, pinnedHostKey: null };
}

export function portOf(device: NewDevice): number {
  return device.port ?? defaultPort(device.kind, device.kind === "routeros" ? device.transport : undefined);
}

export function credentialsOf(device: NewDevice): DeviceCredentials {
  return device.kind === "routeros" ? { kind: "routeros", password: device.password } : { kind: "linux", auth: device.auth };
}

// ---- One device per address ----
// Two entries for one router would push over each other. The check reads every device on the port and compares
// hosts in one canonical form, so "GW.example.net." and "gw.example.net", or two spellings of one IPv6 address,
// are the same; run it in the `serializable` transaction that writes, so two racing adds cannot both pass.

export async function assertAddressFree(tx: Tx, host: string, port: number, exceptId?: string): Promise<void> {
  const onPort = await tx.device.findMany({ where: { port, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { name: true, host: true } });
  const key = canonicalHost(host);
  const holder = onPort.find((other) => canonicalHost(other.host) === key);
  if (holder) throw new ConflictError(`device ${JSON.stringify(holder.name)} already uses ${hostPort(host, port)}`);
}

function canonicalHost(host: string): string {
  const bare = host.replace(/\.$/, "");
  try {
    // The URL parser lowercases names and writes IPv4 and IPv6 addresses in their one canonical form.
    return new URL(`http://${bare.includes(":") ? `[${bare}]` : bare}/`).hostname;
  } catch {
    return bare.toLowerCase();
  }
}

function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

export const deviceNameTaken = (name: string) => `a device named ${JSON.stringify(name)} already exists`;
