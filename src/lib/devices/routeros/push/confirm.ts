import "server-only";

// Confirm: remove the job and the script (the job first, so it can no longer fire), then release safe mode, which
// makes everything this session changed permanent. If the session drops in the middle, a new session decides
// what happened: the plan is there and the job is gone → confirmed; anything else → the old state comes back.

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";

import { messageOf, type Stepper } from "../../push-progress";
import type { PushOutcome, PushProgress } from "../../push-types";
import type { RouterOsClient } from "../api-client";
import { countItems, printItems, removeItems } from "./commands";
import { planObjectsMatch } from "./gate";
import { isConnectionLost } from "./progress";
import { disarm, releaseSafeMode } from "./protection";
import { differencesFromBefore, rollBackAfterDrop, type Armed } from "./recover";

export async function confirmPush(client: RouterOsClient, plan: RouterOsPlan, armed: Armed, step: Stepper, hash: string): Promise<PushOutcome> {
  let wasArmed: boolean;
  try {
    wasArmed = await step(
      "confirm",
      async () => {
        const had = await disarm(client, armed.names);
        if (armed.safeMode) await releaseSafeMode(client);
        return had;
      },
      (had) => (had ? `rollback job and script removed${armed.safeMode ? ", safe mode released" : ""}` : "the rollback job had already fired"),
    );
  } catch (error) {
    // Closed whatever the error: a timed-out session is still open and may still hold safe mode, and the router
    // would revert that session's changes only when it closes, after a new session had already judged them.
    await client.close();
    return settleAfterLostConfirm(plan, armed, hash, messageOf(error));
  }
  if (!wasArmed) {
    // The window ended before the confirm: the router ran the rollback itself.
    const left = await differencesFromBefore(client, armed);
    const reason = `the confirm window of ${armed.confirmWindowSec} s ended before Waymark confirmed; the router rolled the change back`;
    return left.length === 0 ? { outcome: "rolled_back", reason } : { outcome: "failed", reason: `${reason}, but not completely` };
  }
  await removeConnections(client, plan, armed.onProgress);
  return { outcome: "confirmed", appliedHash: hash };
}

/**
 * The plan's connection removals (a disabled backend loses its connections), after the confirm, and again on every
 * push that finds nothing else to change, so one that failed earlier is not left undone for good.
 */
export async function removeConnections(client: RouterOsClient, plan: RouterOsPlan, onProgress: PushProgress): Promise<void> {
  for (const removal of plan.removeConnections ?? []) {
    try {
      const rows = await printItems(client, "/ip/firewall/connection", { proplist: [".id"], query: removal.where });
      await removeItems(client, "/ip/firewall/connection", rows.map((r) => r[".id"] ?? "").filter(Boolean));
      const left = await countItems(client, "/ip/firewall/connection", removal.where);
      onProgress({ step: "confirm", status: "ok", detail: `${removal.reason}: removed ${rows.length} connection(s)${left > 0 ? `, ${left} new since` : ""}` });
    } catch (error) {
      onProgress({ step: "confirm", status: "failed", detail: `${removal.reason}: removing connections failed: ${messageOf(error)}` });
    }
  }
}

/** A settling session can be cut too; a few fresh tries before calling the outcome unknown. */
const SETTLE_ATTEMPTS = 3;

async function settleAfterLostConfirm(plan: RouterOsPlan, armed: Armed, hash: string, cause: string): Promise<PushOutcome> {
  let lastError = "";
  for (let attempt = 1; attempt <= SETTLE_ATTEMPTS; attempt++) {
    let session: RouterOsClient;
    try {
      session = await armed.open();
    } catch {
      return rollBackAfterDrop(armed, `the confirm was cut off (${cause})`);
    }
    try {
      const left = await planObjectsMatch(session, plan);
      // Safe mode reverted the change (or the job ran): make sure the job and script go, the old state stays.
      if (left.length > 0) return await rollBackAfterDrop(armed, `the confirm was cut off (${cause}) and the router reverted the change`);
      // The plan stands. Whether or not the first session got to remove the job, removing what is left confirms.
      await disarm(session, armed.names);
      armed.onProgress({ step: "confirm", status: "ok", detail: "confirmed over a new session after the first one dropped" });
      return { outcome: "confirmed", appliedHash: hash };
    } catch (error) {
      lastError = messageOf(error);
      if (!isConnectionLost(error, session)) break;
    } finally {
      await session.close();
    }
  }
  return { outcome: "failed", reason: `the confirm was cut off (${cause}); settling it over a new session failed: ${lastError}` };
}
