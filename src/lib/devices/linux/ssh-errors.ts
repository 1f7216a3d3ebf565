import type { HostKey } from "./host-key";

// One class per ConnectionFailure status, so the driver's mapping is `error.kind`.
export type SshFailureKind = "unreachable" | "auth_failed" | "timed_out" | "host_key_mismatch" | "protocol_error";

export class SshError extends Error {
  constructor(
    readonly kind: SshFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UnreachableError extends SshError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("unreachable", message, options);
  }
}

export class AuthFailedError extends SshError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("auth_failed", message, options);
  }
}

export class SshTimeoutError extends SshError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("timed_out", message, options);
  }
}

export class SshProtocolError extends SshError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("protocol_error", message, options);
  }
}

export class HostKeyMismatchError extends SshError {
  constructor(
    readonly presented: HostKey,
    readonly pinned: string,
  ) {
    super("host_key_mismatch", `Host key changed: the server presented ${presented.algorithm} ${presented.fingerprint}, but ${pinned} is pinned`);
  }
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENOTFOUND", "EAI_AGAIN", "EADDRNOTAVAIL"]);

type Ssh2Error = Error & { level?: string; code?: string };

/** Maps an error emitted by ssh2 (or its socket) before the session was ready. */
export function classifyConnectError(error: Ssh2Error, timeoutMs: number): SshError {
  const cause = { cause: error };
  if (error.level === "client-timeout") {
    return new SshTimeoutError(`No SSH handshake within ${timeoutMs} ms`, cause);
  }
  if (error.level === "client-authentication") {
    return new AuthFailedError("The server rejected the username or credentials", cause);
  }
  if (error.code && UNREACHABLE_CODES.has(error.code)) {
    return new UnreachableError(unreachableMessage(error.code, error.message), cause);
  }
  if (error.code === "ETIMEDOUT") return new SshTimeoutError(error.message, cause);
  return new SshProtocolError(`SSH connection failed: ${error.message}`, cause);
}

function unreachableMessage(code: string, detail: string): string {
  switch (code) {
    case "ECONNREFUSED":
      return `Connection refused (nothing listening on that port): ${detail}`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Host name could not be resolved: ${detail}`;
    default:
      return `No route to host: ${detail}`;
  }
}
