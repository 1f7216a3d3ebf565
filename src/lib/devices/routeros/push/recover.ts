import "server-only";

// Getting back to the state before the push when something went wrong after the router was armed.
//   - Connection alive: undo the applied steps in reverse over it, reporting each; if the router refuses an undo,
//     unroll safe mode or run the rollback script at once. Then remove the job and the script.
//   - Connection gone: the job restores the old state at the end of the window by itself (and with safe mode the
//     router has already reverted). Waymark reconnects while it can and runs the script at once instead of waiting.
// Either way the result is verified: a new read-back must show the Waymark objects exactly as they were.

import { diffRouterOs, objectsOf, type CurrentState, type DiffStep } from "@/lib/domain/diff/routeros";

import { messageOf } from "../../push-progress";
import type { PushOutcome, PushProgress } from "../../push-types";
import type { RouterOsClient } from "../api-client";
import { describeStep, undoStep, type IdBook } from "./apply";
import { summariseDiff } from "./gate";
import { readMenus } from "./inspect";
import { isConnectionLost, sleep } from "./progress";
import { disarm, releaseSafeMode, runRollbackNow } from "./protection";
import type { RollbackNames } from "./rollback-script";

export type Armed = {
  names: RollbackNames;
  /** Dashboard clock when the job was added: it fires confirmWindowSec later. */
  armedAt: number;
  confirmWindowSec: number;
  safeMode: boolean;
  /** Every menu as read before the push, to verify a rollback against. */
  before: CurrentState;
  version: "6" | "7";
  open: () => Promise<RouterOsClient>;
  onProgress: PushProgress;
};

/** Kept free at the end of the window: past it the job may already be running. */
const RESERVE_MS = 2_000;
const AFTER_WINDOW_MS = 3_000;
const RETRY_MS = 1_000;

/** Empty when the router's Waymark objects are exactly those before the push (properties and firewall order). */
export async function differencesFromBefore(client: RouterOsClient, armed: Armed): Promise<DiffStep[]> {
  const now = await readMenus(client, Object.keys(armed.before));
  return diffRouterOs(objectsOf(armed.before, armed.version), now, { version: armed.version });
}

async function verified(client: RouterOsClient, armed: Armed, reason: string, how: string): Promise<PushOutcome> {
  const left = await differencesFromBefore(client, armed);
  if (left.length > 0) return { outcome: "failed", reason: `${reason}; ${how}, but the router differs from its state before the push: ${summariseDiff(left)}` };
  armed.onProgress({ step: "rollback", status: "ok", detail: `${how}; the router is back in its state before the push` });
  return { outcome: "rolled_back", reason };
}

/** Undoes `applied` (the prefix of the diff that went through) over the live session. */
export async function rollBackLive(client: RouterOsClient, applied: readonly DiffStep[], ids: IdBook, armed: Armed, reason: string): Promise<PushOutcome> {
  const report = (detail: string) => armed.onProgress({ step: "rollback", status: "ok", detail });
  armed.onProgress({ step: "rollback", status: "running", detail: `undoing ${applied.length} applied change(s)` });
  try {
    try {
      for (const step of [...applied].reverse()) {
        await undoStep(client, step, ids);
        report(`undid ${describeStep(step)}`);
      }
    } catch (error) {
      if (isConnectionLost(error, client)) throw error;
      armed.onProgress({
        step: "rollback",
        status: "failed",
        detail: `the router refused an undo (${messageOf(error)}); restoring with ${armed.safeMode ? "safe mode" : "the rollback script"}`,
      });
      if (armed.safeMode) await client.command(["/safe-mode/unroll"]);
      else await runRollbackNow(client, armed.names);
    }
    // Checked while the job and script are still there: an undo that left a difference (or a safe mode that had
    // silently run out of history) is finished by the script, never left half-done without a way back.
    const left = await differencesFromBefore(client, armed);
    if (left.length > 0 && (await runRollbackNow(client, armed.names))) report(`ran the rollback script for what the undo left: ${summariseDiff(left)}`);
    await disarm(client, armed.names);
    if (armed.safeMode) await releaseSafeMode(client);
    return await verified(client, armed, reason, "undone over the same session");
  } catch (error) {
    if (!isConnectionLost(error, client)) return { outcome: "failed", reason: `${reason}; rolling back failed: ${messageOf(error)}` };
    await client.close();
    return rollBackAfterDrop(armed, reason);
  }
}

async function reconnectBefore(armed: Armed, deadline: number): Promise<RouterOsClient | null> {
  while (Date.now() < deadline) {
    try {
      return await armed.open();
    } catch {
      await sleep(Math.min(RETRY_MS, Math.max(0, deadline - Date.now())));
    }
  }
  return null;
}

/**
 * Nothing of the push reached the router (the cut came before its first change): the job and the script are taken
 * away and nothing else is touched. Running the script anyway would re-create the objects the push meant to remove,
 * resetting their counters, and every re-created netwatch would mail "is up". Over a session of its own, so that a
 * cut here costs nothing: any failure means "not known", and the ordinary rollback follows on a fresh session.
 */
async function disarmIfUntouched(armed: Armed): Promise<boolean> {
  let client: RouterOsClient | undefined;
  try {
    client = await armed.open();
    if ((await differencesFromBefore(client, armed)).length > 0) return false;
    await disarm(client, armed.names);
    return true;
  } catch {
    return false;
  } finally {
    await client?.close();
  }
}

export const UNTOUCHED =
  "the router was already in its state before the push (nothing had reached it, or its safe mode undid it); the rollback job was removed without running its script";

/** The session that applied is gone: reconnect and roll back at once, or let the router's job do it. */
export async function rollBackAfterDrop(armed: Armed, reason: string): Promise<PushOutcome> {
  armed.onProgress({ step: "rollback", status: "running", detail: "the connection dropped; reconnecting to roll back" });
  const windowEnds = armed.armedAt + armed.confirmWindowSec * 1000;
  if (await disarmIfUntouched(armed)) {
    armed.onProgress({ step: "rollback", status: "ok", detail: UNTOUCHED });
    return { outcome: "rolled_back", reason };
  }
  const early = await reconnectBefore(armed, windowEnds - RESERVE_MS);
  if (early) {
    try {
      const ran = await runRollbackNow(early, armed.names);
      return await verified(early, armed, reason, ran ? "Waymark reconnected and ran the rollback script" : "the router's rollback job had already run");
    } catch (error) {
      return { outcome: "failed", reason: `${reason}; rolling back after reconnecting failed: ${messageOf(error)}` };
    } finally {
      await early.close();
    }
  }
  await sleep(Math.max(0, windowEnds + AFTER_WINDOW_MS - Date.now()));
  const late = await reconnectBefore(armed, Date.now() + AFTER_WINDOW_MS);
  if (!late) {
    return {
      outcome: "failed",
      reason: `${reason}; the router could not be reached again: its rollback job restores the old state ${armed.confirmWindowSec} s after the push armed it, unverified`,
    };
  }
  try {
    await runRollbackNow(late, armed.names);
    return await verified(late, armed, reason, `the router's rollback job restored the old state after ${armed.confirmWindowSec} s`);
  } catch (error) {
    return { outcome: "failed", reason: `${reason}; checking the rollback failed: ${messageOf(error)}` };
  } finally {
    await late.close();
  }
}
