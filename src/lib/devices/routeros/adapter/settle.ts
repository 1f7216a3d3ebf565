import "server-only";

// How a push the dashboard lost ended, asked of the router. Its rollback job still scheduled: the change is neither
// confirmed nor rolled back yet (the job will restore the old state when the window ends). The job gone: the router
// either confirmed (Waymark's objects are exactly the plan's) or rolled back (they are not).

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import { diffRouterOs } from "@/lib/domain/diff/routeros";

import type { SettledPush } from "../../driver";
import type { RouterOsClient } from "../api-client";
import { idsByName, removeItems } from "../push/commands";
import { readMenus, menusToRead } from "../push/inspect";
import { appliedHash } from "../push/push-plan";
import { rollbackNames } from "../push/rollback-script";

export async function settleOnRouter(client: RouterOsClient, plan: RouterOsPlan, pushId: string): Promise<SettledPush> {
  const names = rollbackNames(pushId);
  if ((await idsByName(client, "/system/scheduler", names.job)).length > 0) {
    return { outcome: "pending", detail: `the router's rollback job ${names.job} is still scheduled` };
  }
  // A script without its job was uploaded by a push stopped before it armed (or whose job has fired): nothing will
  // ever run it, so it goes, as an inspection would take it away.
  await removeItems(client, "/system/script", await idsByName(client, "/system/script", names.script));
  const current = await readMenus(client, menusToRead(plan));
  const left = diffRouterOs(plan.objects, current, { version: plan.version });
  if (left.length === 0) return { outcome: "confirmed", appliedHash: appliedHash(plan), detail: "the router runs the pushed plan" };
  return { outcome: "rolled_back", detail: "rolled back by the router after the dashboard stopped: its rollback job restored the state before the push" };
}
