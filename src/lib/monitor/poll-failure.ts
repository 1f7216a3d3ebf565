import "server-only";
import type { Device } from "@/lib/db/generated/sqlite/client";
import { DeviceFailure, type DeviceFailureStatus } from "@/lib/devices";
import { failureProblem } from "@/lib/services/devices/device-failure";

// What a device and a site member poll share when a device does not answer: the failure in DeviceFailure's words,
// and what makes a kept watch (and its backoff) stale, the device's address and credentials.

export type PollFailure = { status: DeviceFailureStatus | "protocol_error"; problem: string; retryable: boolean };

/** `who` names the poller in the log (`monitor`, `site monitor`), `what` the thing read in the admin's words. */
export function describePollFailure(error: unknown, deviceId: string, who: string, what: "device" | "member"): PollFailure {
  if (error instanceof DeviceFailure) return { status: error.status, problem: failureProblem(error), retryable: error.retryable };
  // Not the device's doing (a bug, a role the device cannot read, credentials that no longer open): logged in full,
  // shown in one line.
  console.error(`waymark: ${who} could not poll device ${deviceId}`, error);
  const message = error instanceof Error ? error.message : String(error);
  return { status: "protocol_error", problem: `the dashboard could not read the ${what}: ${message}`, retryable: true };
}

/** Changes when the device moved or its credentials changed: the watch opens again and no backoff carries over. */
export const connectionKey = (d: Device): string =>
  JSON.stringify([d.host, d.port, d.transport, d.username, d.sealedCredentials, d.hostKeyFingerprint, d.version]);
