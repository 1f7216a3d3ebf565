import "server-only";

// Device failures are classified once, here: what went wrong in the admin's words, and whether trying again later
// can help. The push service, the read-back and the coming poller all decide from `retryable`, not from messages.

import type { ConnectionFailure } from "./driver";

export type DeviceFailureStatus = ConnectionFailure["status"];

const RETRYABLE: Record<DeviceFailureStatus, boolean> = {
  unreachable: true,
  timed_out: true,
  // A garbled or cut session is usually the network; a router that keeps answering garbage will keep failing.
  protocol_error: true,
  auth_failed: false,
  host_key_mismatch: false,
};

export class DeviceFailure extends Error {
  readonly retryable: boolean;
  constructor(
    readonly status: DeviceFailureStatus,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DeviceFailure";
    this.retryable = RETRYABLE[status];
  }
}
