import "server-only";

import type { PushProgress, PushStep } from "../../push-types";
import { RouterOsConnectionError, RouterOsFatalError, RouterOsTimeoutError, type RouterOsClient } from "../api-client";

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

/** The session is gone (or hung): nothing more can be sent over it. A trap is not this: the router answered. */
export const isConnectionLost = (error: unknown, client?: RouterOsClient): boolean =>
  error instanceof RouterOsConnectionError || error instanceof RouterOsFatalError || error instanceof RouterOsTimeoutError || client?.closed === true;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
