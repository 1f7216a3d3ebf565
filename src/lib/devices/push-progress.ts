// How both pushers (Linux and RouterOS) report a step: `running` before the work, then its final status with the
// reason, so the push history reads the same whichever kind of device was pushed.

import type { PushProgress, PushStep, StepStatus } from "./push-types";

/**
 * How a step that did its work ended. A string (or nothing) is `ok` with that detail; a step whose work ran but
 * found the device wanting (a health gate that did not pass, a confirm the switch beat) says `failed` itself.
 */
export type StepReport = string | undefined | { status: Exclude<StepStatus, "running">; detail?: string };

export type Stepper = <T>(name: PushStep, work: () => Promise<T>, report?: (value: T) => StepReport) => Promise<T>;

/** Reports `running`, then the step's final status: `failed` when the work throws, else what `report` says. */
export function stepper(onProgress: PushProgress): Stepper {
  return async (name, work, report) => {
    onProgress({ step: name, status: "running" });
    try {
      const value = await work();
      const said = report?.(value);
      if (typeof said === "object") onProgress({ step: name, status: said.status, detail: said.detail });
      else onProgress({ step: name, status: "ok", detail: said });
      return value;
    } catch (error) {
      onProgress({ step: name, status: "failed", detail: messageOf(error) });
      throw error;
    }
  };
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
