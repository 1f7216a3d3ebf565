import type { ConnectionFailure } from "@/lib/devices/driver";

import { RouterOsConnectionError, RouterOsError, RouterOsFatalError, RouterOsLoginError, RouterOsTimeoutError, RouterOsTrapError } from "./errors";

/**
 * Classifies a client error as a ConnectionCheck failure. Returns null for errors that are not
 * device-side (programming bugs), which the caller rethrows.
 */
export const toConnectionFailure = (error: unknown, where: string): ConnectionFailure | null => {
  if (!(error instanceof RouterOsError)) return null;
  if (error instanceof RouterOsLoginError) return { status: "auth_failed", message: error.message };
  if (error instanceof RouterOsTimeoutError) return { status: "timed_out", message: `${where}: ${error.message}` };
  if (error instanceof RouterOsConnectionError) {
    if (error.reason === "tls") return { status: "protocol_error", message: error.message };

    return { status: "unreachable", message: error.message };
  }
  // The user logged in but lacks the read policy: a credentials problem, not a protocol one.
  if (error instanceof RouterOsTrapError && error.trapMessage.startsWith("not enough permissions")) {
    return { status: "auth_failed", message: `${where}: ${error.message}` };
  }
  if (error instanceof RouterOsFatalError) {
    return { status: "protocol_error", message: `${where}: router closed the session (${error.reason})` };
  }

  return { status: "protocol_error", message: `${where}: ${error.message}` };
};
