import "server-only";
import { holdAttempt, passwordChangeByUser, signInByAccount, signInByAddress, signInByPair, type FailureLimiter } from "@/lib/auth/rate-limit";
import { RateLimitedError } from "../errors";

/** A password check that has been counted; `succeeded` gives its slot back when the password was right. */
export type CountedAttempt = { succeeded(): void };

/**
 * Counts a sign-in before its password is hashed: refuses a locked account+address pair (429), then holds the
 * attempt while its address or its account (from anywhere) has many recent failures.
 */
export async function countSignIn(username: string, address: string): Promise<CountedAttempt> {
  const account = username.toLowerCase();
  const pair = `${account}|${address}`;
  claim(signInByPair, pair, "too many failed sign-ins");
  await holdAttempt(Math.max(signInByAddress.reserve(address), signInByAccount.reserve(account)));
  return {
    succeeded: () => {
      signInByPair.succeeded(pair);
      signInByAddress.succeeded(address);
      signInByAccount.succeeded(account);
    },
  };
}

/** Counts a check of a signed-in user's current password before it is hashed. */
export function countPasswordCheck(userId: string): CountedAttempt {
  claim(passwordChangeByUser, userId, "too many wrong current passwords");
  return { succeeded: () => passwordChangeByUser.succeeded(userId) };
}

function claim(limiter: FailureLimiter, key: string, what: string): void {
  const waitMs = limiter.reserve(key);
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    throw new RateLimitedError(`${what}; try again in ${seconds} s`, seconds);
  }
}
