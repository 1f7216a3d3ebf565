import "server-only";
import { z } from "zod";
import type { DeviceView } from "@/lib/domain/device";
import { requireRole, type ServiceContext } from "../context";
import { PreconditionFailedError } from "../errors";
import { getDeviceOrThrow, toDeviceView } from "./internal";

// The admin must name the fingerprint they accept, so a key that changed again after they looked is not accepted.
export const AcceptHostKeyInput = z.strictObject({ fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, "an OpenSSH SHA256 fingerprint") });

export async function acceptHostKey(ctx: ServiceContext, id: string, input: z.input<typeof AcceptHostKeyInput>): Promise<DeviceView> {
  requireRole(ctx, "admin");
  const { fingerprint } = AcceptHostKeyInput.parse(input);
  const device = await getDeviceOrThrow(ctx.db, id);
  if (!device.pendingHostKeyFingerprint) throw new PreconditionFailedError("this device has no pending host key");
  if (device.pendingHostKeyFingerprint !== fingerprint) {
    throw new PreconditionFailedError(`the pending key is ${device.pendingHostKeyFingerprint}, not ${fingerprint}`);
  }
  const row = await ctx.db.device.update({
    where: { id },
    data: {
      hostKeyAlgorithm: device.pendingHostKeyAlgorithm,
      hostKeyFingerprint: device.pendingHostKeyFingerprint,
      pendingHostKeyAlgorithm: null,
      pendingHostKeyFingerprint: null,
      lastCheckStatus: null,
      lastCheckMessage: null,
    },
  });
  return toDeviceView(row);
}
