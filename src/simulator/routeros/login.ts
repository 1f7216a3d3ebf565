import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import { isAtLeast, type SimulatedDevice } from "./device";

// Login styles by version (reference §1.5):
//   < 6.43          challenge only: /login → !done =ret=<32 hex>; /login =name= =response=00<md5> → !done
//   6.43 … 6.45.0   both styles accepted
//   >= 6.45.1       plain only: /login =name= =password=
// Failures: plain "invalid user name or password (6)", legacy "cannot log in", each as !trap then !done.

export type LoginState = { challenge?: Buffer };

export type LoginOutcome = { kind: "logged-in"; user: string } | { kind: "challenge"; ret: string } | { kind: "failed"; message: string };

const PLAIN_FAILURE = "invalid user name or password (6)";
const LEGACY_FAILURE = "cannot log in";

const legacyResponse = (password: string, challenge: Buffer): string =>
  `00${createHash("md5")
    .update(Buffer.concat([Buffer.from([0]), Buffer.from(password, "utf8"), challenge]))
    .digest("hex")}`;

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);

  return left.length === right.length && timingSafeEqual(left, right);
};

const plainLogin = (device: SimulatedDevice, name: string, password: string): LoginOutcome => {
  const user = device.users.find((candidate) => candidate.name === name);
  if (user && sameText(user.password, password)) return { kind: "logged-in", user: name };

  return { kind: "failed", message: PLAIN_FAILURE };
};

const challengeLogin = (device: SimulatedDevice, state: LoginState, name: string, response: string): LoginOutcome => {
  const challenge = state.challenge;
  state.challenge = undefined;
  const user = device.users.find((candidate) => candidate.name === name);
  if (challenge && user && sameText(legacyResponse(user.password, challenge), response.toLowerCase())) {
    return { kind: "logged-in", user: name };
  }

  return { kind: "failed", message: LEGACY_FAILURE };
};

export const handleLogin = (device: SimulatedDevice, state: LoginState, args: ReadonlyMap<string, string>): LoginOutcome => {
  const acceptsPlain = isAtLeast(device, "6.43");
  const acceptsChallenge = !isAtLeast(device, "6.45.1");
  const name = args.get("name") ?? "";
  const response = args.get("response");
  const password = args.get("password");

  if (acceptsChallenge && response !== undefined) return challengeLogin(device, state, name, response);
  if (acceptsPlain && password !== undefined) return plainLogin(device, name, password);
  if (acceptsChallenge) {
    // Pre-6.43 routers ignore name/password here and just hand out a 16-byte challenge.
    state.challenge = randomBytes(16);
    return { kind: "challenge", ret: state.challenge.toString("hex") };
  }

  return { kind: "failed", message: PLAIN_FAILURE };
};
