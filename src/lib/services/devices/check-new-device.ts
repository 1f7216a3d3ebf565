import "server-only";
import type { z } from "zod";
import { ZNewDevice } from "@/lib/domain/device";
import { driverFor, type ConnectionCheck } from "@/lib/devices";
import { requireRole, type ServiceContext } from "../context";
import { CONNECTION_CHECK_TIMEOUT_MS } from "./check-device-connection";
import { newDeviceTarget } from "./internal";

// "Test connection" for a device not saved yet, so the add form can try the address and credentials before they
// are stored. Nothing is written (the request itself is audited, without credentials). Admin only, like adding a
// device: it makes the dashboard connect to an address the caller chooses. The Linux host key it reports is
// shown, not pinned; the first Test connection of the saved device pins it.
export async function checkNewDevice(ctx: ServiceContext, input: z.input<typeof ZNewDevice>): Promise<ConnectionCheck> {
  requireRole(ctx, "admin");
  const device = ZNewDevice.parse(input);
  const check = await driverFor(newDeviceTarget(device)).checkConnection({ timeoutMs: CONNECTION_CHECK_TIMEOUT_MS });
  return check.status === "reachable" ? check : { ...check, message: withoutSecrets(check.message, secretsOf(device)) };
}

function secretsOf(device: z.output<typeof ZNewDevice>): string[] {
  if (device.kind === "routeros") return [device.password];
  return device.auth.method === "password" ? [device.auth.password] : [device.auth.privateKey, device.auth.passphrase ?? ""];
}

// A device's error text is the device's to choose; a listener at a mistyped address could put the password it
// was just sent into it. It never comes back in the reply or the audit log.
function withoutSecrets(message: string, secrets: string[]): string {
  return secrets.filter((secret) => secret.length > 0).reduce((text, secret) => text.split(secret).join("•••"), message);
}
