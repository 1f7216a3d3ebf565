import "server-only";
import type { DeviceDriver, DeviceTarget } from "./driver";
import { createLinuxDriver } from "./linux/adapter";
import { createRouterOsDriver } from "./routeros/adapter";

export type * from "./driver";
export { VERSION_UNKNOWN } from "./driver";
export { DeviceFailure, type DeviceFailureStatus } from "./failure";

/**
 * The adapter for a device's kind: the one place that switches on it. `versionHint` is what the device last said it
 * runs, for compiling a preview without asking it again.
 */
export function driverFor(target: DeviceTarget, versionHint: string | null = null): DeviceDriver {
  switch (target.kind) {
    case "routeros":
      return createRouterOsDriver(target, versionHint);
    case "linux":
      return createLinuxDriver(target);
    default: {
      const unknownKind: never = target;
      throw new Error(`no driver for ${JSON.stringify(unknownKind)}`);
    }
  }
}
