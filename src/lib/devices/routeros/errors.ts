// Typed failures of the RouterOS API client. Messages never contain command arguments,
// so a password sent in /login can never leak through an error.

export type RouterOsTrap = {
  message: string;
  /** Optional on the wire ("on some occasions"): 0 missing item/command … 7 :return value. */
  category?: number;
  attributes: Record<string, string>;
};

export class RouterOsError extends Error {
  override name = "RouterOsError";
}

/** The router refused the credentials (or the user lacks the api policy). */
export class RouterOsLoginError extends RouterOsError {
  override name = "RouterOsLoginError";
}

export class RouterOsTimeoutError extends RouterOsError {
  override name = "RouterOsTimeoutError";
  constructor(
    message: string,
    readonly timeoutMs: number,
  ) {
    super(message);
  }
}

export type ConnectionFailureReason = "refused" | "unreachable" | "closed" | "tls";

/** Refused, unreachable, TLS handshake failure, or the connection closing under an open command. */
export class RouterOsConnectionError extends RouterOsError {
  override name = "RouterOsConnectionError";
  constructor(
    message: string,
    readonly reason: ConnectionFailureReason,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** One or more `!trap`s followed by `!done`; `traps[0]` is the first one received. */
export class RouterOsTrapError extends RouterOsError {
  override name = "RouterOsTrapError";
  readonly category?: number;
  constructor(
    readonly command: string,
    readonly traps: readonly RouterOsTrap[],
  ) {
    const first = traps[0]?.message ?? "unknown failure";
    const more = traps.length > 1 ? ` (+${traps.length - 1} more)` : "";
    super(`${command}: ${first}${more}`);
    this.category = traps[0]?.category;
  }

  get trapMessage(): string {
    return this.traps[0]?.message ?? "";
  }
}

/** `!fatal <reason>`: the router closes the session; every in-flight command fails with this. */
export class RouterOsFatalError extends RouterOsError {
  override name = "RouterOsFatalError";
  constructor(readonly reason: string) {
    super(`fatal: ${reason}`);
  }
}

/** Bytes or sentences that do not follow the API protocol (bad length prefix, unknown reply word). */
export class RouterOsProtocolError extends RouterOsError {
  override name = "RouterOsProtocolError";
}
