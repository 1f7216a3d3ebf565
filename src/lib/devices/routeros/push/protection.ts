import "server-only";

// The router-side half of lockout protection: the rollback script, the scheduler job that runs it when the
// confirm window ends, and safe mode where the router has it (7.20+: changes made while a session holds safe mode
// are reverted by the router itself when that session drops).

import type { CurrentState, DiffStep } from "@/lib/domain/diff/routeros";

import { RouterOsTrapError, type RouterOsClient } from "../api-client";
import { addItem, idsByName, removeItems } from "./commands";
import { rollbackOnEvent, rollbackScript, windowInterval, type RollbackNames } from "./rollback-script";

export async function uploadRollback(
  client: RouterOsClient,
  pushId: string,
  names: RollbackNames,
  steps: readonly DiffStep[],
  current: CurrentState,
  version: "6" | "7",
): Promise<void> {
  await addItem(client, "/system/script", { name: names.script, source: rollbackScript(pushId, steps, current, version) });
}

// [UNVERIFIED] that a job added with only an interval first runs one interval after it was added (start-time
// defaults to "startup" in the 7.x schema, and RouterOS counts intervals from the job's start).
export async function armRollback(client: RouterOsClient, names: RollbackNames, confirmWindowSec: number): Promise<void> {
  await addItem(client, "/system/scheduler", { name: names.job, interval: windowInterval(confirmWindowSec), "on-event": rollbackOnEvent(names) });
}

/** What a router answers for a menu or command its version does not have (reference §4). */
export const NO_SUCH = new Set(["no such command prefix", "no such command"]);

/**
 * Takes safe mode; false when the router has none (v6, v7 before 7.20) or will not give it to us, typically because
 * an admin holds it in WinBox or a terminal right now. Safe mode is a second net, not the first: the scheduler job
 * is already armed, so the push goes on without it and says so.
 */
export async function takeSafeMode(client: RouterOsClient): Promise<{ taken: boolean; why?: string }> {
  try {
    await client.command(["/safe-mode/take"]);
    return { taken: true };
  } catch (error) {
    if (!(error instanceof RouterOsTrapError)) throw error;
    return { taken: false, why: NO_SUCH.has(error.trapMessage) ? "not available on this version" : `refused by the router (${error.trapMessage})` };
  }
}

export const releaseSafeMode = async (client: RouterOsClient): Promise<void> => {
  await client.command(["/safe-mode/release"]);
};

/** Removes the job (first, so it cannot fire any more) and the script. Returns whether the job was still there. */
export async function disarm(client: RouterOsClient, names: RollbackNames): Promise<boolean> {
  const jobs = await idsByName(client, "/system/scheduler", names.job);
  await removeItems(client, "/system/scheduler", jobs);
  await removeItems(client, "/system/script", await idsByName(client, "/system/script", names.script));
  return jobs.length > 0;
}

/**
 * Rolls back now with the script uploaded for this push, after removing the job so the router cannot run it a
 * second time. Returns false when the job was already gone: the router ran it itself (or a confirm removed it).
 */
export async function runRollbackNow(client: RouterOsClient, names: RollbackNames): Promise<boolean> {
  const jobs = await idsByName(client, "/system/scheduler", names.job);
  if (jobs.length === 0) {
    await removeItems(client, "/system/script", await idsByName(client, "/system/script", names.script));
    return false;
  }
  await removeItems(client, "/system/scheduler", jobs);
  await client.command(["/system/script/run", `=number=${names.script}`], { timeoutMs: 30_000 });
  await removeItems(client, "/system/script", await idsByName(client, "/system/script", names.script));
  return true;
}
