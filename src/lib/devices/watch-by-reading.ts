import "server-only";
import type { DeviceReading } from "@/lib/domain/device/reading";
import type { DeviceWatch, WatchCost } from "./driver";

/**
 * A watch that reads the device afresh each poll (a new session every time): what a kind without a kept-open
 * session falls back to. It counts each read as one login.
 */
export function watchByReading(read: () => Promise<DeviceReading>): DeviceWatch {
  const cost: WatchCost = { logins: 0, commands: 0, bytesFromDevice: 0, bytesToDevice: 0 };
  return {
    poll: async () => {
      cost.logins += 1;
      cost.commands += 1;
      return read();
    },
    cost: () => ({ ...cost }),
    close: async () => {},
  };
}
