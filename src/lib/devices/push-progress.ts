// How both pushers (Linux and RouterOS) report a step: `running` before the work, then `ok` or `failed` with the
// reason, so the push history reads the same whichever kind of device was pushed.

import type { PushProgress, PushStep } from "./push-types";

export type Stepper = <T>(name: PushStep, work: () => Promise<T>, detail?: (value: T) => string | undefined) => Promise<T>;

/** Reports `running`, then `ok` or `failed`, around one piece of work. */
export function stepper(onProgress: PushProgress): Stepper {
  return async (name, work, detail) => {
    onProgress({ step: name, status: "running" });
    try {
      const value = await work();
      onProgress({ step: name, status: "ok", detail: detail?.(value) });
      return value;
    } catch (error) {
      onProgress({ step: name, status: "failed", detail: messageOf(error) });
      throw error;
    }
  };
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
