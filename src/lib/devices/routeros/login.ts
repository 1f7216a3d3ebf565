import "server-only";

import { createHash } from "node:crypto";

import type { RouterOsClient } from "./connection";
import { RouterOsLoginError, RouterOsProtocolError, RouterOsTrapError } from "./errors";

// https://help.mikrotik.com/docs/spaces/ROS/pages/47579160/API ("Initial login"):
//   /login =name=admin =password=…          → !done                     (RouterOS >= 6.43)
//   /login =name=admin =password=…          → !done =ret=856780b7…a3    (pre-6.43 ignores the words, sends a challenge)
//   /login =name=admin =response=00<md5>    → !done
// Failure: !trap =message=invalid user name or password (6)  (legacy: =message=cannot log in), then !done.

/** "00" + hex(md5(0x00 + password + challenge bytes)), the pre-6.43 challenge response. */
export const legacyLoginResponse = (password: string, challengeHex: string): string => {
  if (!/^(?:[0-9a-f]{2})+$/i.test(challengeHex)) {
    throw new RouterOsProtocolError("login challenge is not a hex string");
  }
  const digest = createHash("md5")
    .update(Buffer.from([0]))
    .update(Buffer.from(password, "utf8"))
    .update(Buffer.from(challengeHex, "hex"))
    .digest("hex");

  return `00${digest}`;
};

const remaining = (deadline: number): number => Math.max(1, deadline - Date.now());

export const login = async (client: RouterOsClient, username: string, password: string, deadline: number): Promise<void> => {
  try {
    const first = await client.command(["/login", `=name=${username}`, `=password=${password}`], {
      timeoutMs: remaining(deadline),
    });
    const challenge = first.done.ret;
    if (challenge === undefined) return;
    const response = legacyLoginResponse(password, challenge);
    await client.command(["/login", `=name=${username}`, `=response=${response}`], { timeoutMs: remaining(deadline) });
  } catch (error) {
    if (error instanceof RouterOsTrapError) {
      throw new RouterOsLoginError(`login as "${username}" refused: ${error.trapMessage}`);
    }
    throw error;
  }
};
