import "server-only";
import { DeviceFailure } from "@/lib/devices";
import { ServiceError } from "../errors";

// A device that cannot be reached or talked to is a result with its code on every route, never a 500: the codes
// are the connection check's, prefixed so a client can tell them from the dashboard's own refusals.
export class DeviceFailureError extends ServiceError {
  constructor(readonly failure: DeviceFailure) {
    super(`device_${failure.status}`, failure.message, { retryable: failure.retryable });
  }
}

/** Runs device work; a DeviceFailure leaves as a DeviceFailureError, anything else unchanged. */
export async function talkingToDevice<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DeviceFailure) throw new DeviceFailureError(error);
    throw error;
  }
}

const WORDS: Record<DeviceFailure["status"], string> = {
  unreachable: "unreachable",
  timed_out: "timed out",
  protocol_error: "protocol error",
  auth_failed: "authentication failed",
  host_key_mismatch: "host key changed",
};

/** A failure in one line for the admin, as the monitor and the fleet show it: "unreachable: connect ECONNREFUSED …". */
export function failureProblem(failure: DeviceFailure): string {
  return `${WORDS[failure.status]}: ${failure.message}`;
}
