import "server-only";
import type { DeviceDriver, DeviceTarget } from "./driver";
import { createLinuxDriver } from "./linux/driver";
import { createRouterOsDriver } from "./routeros/driver";

export type * from "./driver";

export function driverFor(target: DeviceTarget): DeviceDriver {
  switch (target.kind) {
    case "routeros":
      return createRouterOsDriver(target);
    case "linux":
      return createLinuxDriver(target);
    default: {
      const unknownKind: never = target;
      throw new Error(`no driver for ${JSON.stringify(unknownKind)}`);
    }
  }
}
