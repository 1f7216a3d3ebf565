import "server-only";
import { z } from "zod";
import { ZLinuxAuth } from "@/lib/domain/device";
import { masterKey } from "@/lib/secrets/master-key";
import { open, seal } from "@/lib/secrets/secret-box";

// Everything secret about a device lives in one sealed blob. The device id is the associated data, so a blob
// copied onto another row fails to open instead of lending its credentials to a different host.
const ZSealedCredentials = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("routeros"), password: z.string() }),
  z.object({ kind: z.literal("linux"), auth: ZLinuxAuth }),
]);
export type DeviceCredentials = z.infer<typeof ZSealedCredentials>;

export function sealCredentials(deviceId: string, credentials: DeviceCredentials): string {
  return seal(JSON.stringify(credentials), masterKey(), `device:${deviceId}`);
}

export function openCredentials(deviceId: string, sealed: string): DeviceCredentials {
  return ZSealedCredentials.parse(JSON.parse(open(sealed, masterKey(), `device:${deviceId}`)));
}
