import { RouterOsProtocolError } from "./errors";

// API values are strings. Counters (bytes, packets, rx-byte…) are unsigned 64-bit decimals that pass
// Number.MAX_SAFE_INTEGER on busy links, so they are parsed as bigint.
export const parseCounter = (value: string): bigint => {
  if (!/^\d+$/.test(value)) throw new RouterOsProtocolError(`not a counter value: ${JSON.stringify(value)}`);

  return BigInt(value);
};

/** Print returns "true"/"false"; input and older releases also use "yes"/"no". */
export const parseBoolean = (value: string | undefined): boolean => value === "true" || value === "yes";
