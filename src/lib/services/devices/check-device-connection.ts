import "server-only";
import type { DeviceView } from "@/lib/domain/device";
import { driverFor, type ConnectionCheck } from "@/lib/devices";
import { requireRole, type ServiceContext } from "../context";
import { recordAuditEvent } from "../audit";
import { getDeviceOrThrow, toDeviceView, toTarget } from "./internal";

export const CONNECTION_CHECK_TIMEOUT_MS = 8_000;

export type ConnectionCheckView = { check: ConnectionCheck; device: DeviceView };

// "Test connection": connects with the stored credentials, reads identity, model and version. On the first
// successful SSH contact the host key is pinned (trust on first use, shown to the admin); a different key later
// is refused by the driver and parked as pending until an admin accepts it.
export async function checkDeviceConnection(ctx: ServiceContext, id: string): Promise<ConnectionCheckView> {
  requireRole(ctx, "operator");
  const device = await getDeviceOrThrow(ctx.db, id);
  const check = await driverFor(toTarget(device)).checkConnection({ timeoutMs: CONNECTION_CHECK_TIMEOUT_MS });
  const pinNow = check.status === "reachable" && check.hostKey && !device.hostKeyFingerprint;
  const row = await ctx.db.device.update({ where: { id }, data: { ...observed(check), ...(pinNow && check.hostKey ? pin(check.hostKey) : {}) } });
  if (pinNow && check.status === "reachable") {
    await recordAuditEvent(ctx, { action: "device.host-key.pin", target: device.id, outcome: "ok", detail: { name: device.name, ...check.hostKey } });
  }
  return { check, device: toDeviceView(row) };
}

function pin(hostKey: { algorithm: string; fingerprint: string }) {
  return { hostKeyAlgorithm: hostKey.algorithm, hostKeyFingerprint: hostKey.fingerprint, pendingHostKeyAlgorithm: null, pendingHostKeyFingerprint: null };
}

function observed(check: ConnectionCheck) {
  const base = { lastCheckStatus: check.status, lastCheckedAt: new Date() };
  if (check.status === "reachable") {
    return { ...base, lastCheckMessage: null, identity: check.identity, model: check.model, version: check.version };
  }
  if (check.status === "host_key_mismatch") {
    return {
      ...base,
      lastCheckMessage: check.message,
      pendingHostKeyAlgorithm: check.presented.algorithm,
      pendingHostKeyFingerprint: check.presented.fingerprint,
    };
  }
  return { ...base, lastCheckMessage: check.message };
}
