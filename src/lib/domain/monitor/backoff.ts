// When the monitor tries a device again after a failed poll. A device that does not answer (unreachable, timed
// out, a garbled session) is tried again after 2 s, then 4, 8 … at most 60 s apart, and never faster than its
// interval. A device that refused us (authentication failed, host key changed) is tried once a minute whatever
// happened before: a router's login log fills, and fail2ban-like rules lock out an address that keeps guessing.

export const FIRST_RETRY_MS = 2_000;
export const MAX_RETRY_MS = 60_000;
export const REFUSED_RETRY_MS = 60_000;

/** `failures`: consecutive failed polls, this one included (≥ 1). */
export function retryDelayMs(failures: number, retryable: boolean, intervalMs: number): number {
  if (!retryable) return Math.max(REFUSED_RETRY_MS, intervalMs);
  const exponent = Math.min(Math.max(failures, 1) - 1, 16);
  return Math.max(intervalMs, Math.min(FIRST_RETRY_MS * 2 ** exponent, MAX_RETRY_MS));
}
