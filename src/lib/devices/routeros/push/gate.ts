import "server-only";

// The health gate: Waymark can still log in (a NEW connection, so the management path survived the change) and
// what the router now holds is the plan (the diff is empty; netwatch-switched `disabled` does not count).

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import { diffRouterOs, type DiffStep } from "@/lib/domain/diff/routeros";

import type { RouterOsClient } from "../api-client";
import { readPlanObjects } from "../readback/read-state";
import { parseBoolean } from "../values";
import { printItems } from "./commands";
import { menusToRead, readMenus } from "./inspect";

export type GateVerdict = { passed: true; detail: string } | { passed: false; reason: string };

export const summariseDiff = (steps: readonly DiffStep[]): string => {
  const shown = steps.slice(0, 5).map((s) => `${s.kind} ${s.kind === "add" ? s.comment : s.target.comment}`);
  return `${shown.join(", ")}${steps.length > 5 ? ` and ${steps.length - 5} more` : ""}`;
};

export async function readBackMatches(client: RouterOsClient, plan: RouterOsPlan): Promise<DiffStep[]> {
  const current = await readMenus(client, menusToRead(plan));
  return diffRouterOs(plan.objects, current, { version: plan.version });
}

/**
 * Whether the plan's own objects are on the router as planned, reading only them (a query on their comments), not
 * the admin's items around them: the question a cut-off confirm leaves, asked in as few sentences as possible.
 */
export async function planObjectsMatch(client: RouterOsClient, plan: RouterOsPlan): Promise<DiffStep[]> {
  return diffRouterOs(plan.objects, await readPlanObjects(client, plan), { version: plan.version });
}

/** The gate, given up on when it has not answered within `budgetMs` (the verdict must come while the job is armed). */
export async function runGateWithin(open: () => Promise<RouterOsClient>, plan: RouterOsPlan, budgetMs: number): Promise<GateVerdict> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<GateVerdict>((resolve) => {
    timer = setTimeout(
      () => resolve({ passed: false, reason: `no verdict within ${Math.round(budgetMs / 1000)} s, before the confirm window ends` }),
      budgetMs,
    );
  });
  try {
    return await Promise.race([runGate(open, plan), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * LAN interfaces of the plan that are missing or not running after the apply: their clients are cut off. (That each
 * has an address was checked against the inspection before anything was sent; Waymark never changes addresses.)
 */
async function lanProblems(client: RouterOsClient, plan: RouterOsPlan): Promise<string[]> {
  const lans = plan.objects.filter((o) => o.menu === "/interface/list/member").map((o) => o.properties.interface ?? "");
  if (lans.length === 0) return [];
  const interfaces = await printItems(client, "/interface", { proplist: ["name", "running", "disabled"] });
  return lans.flatMap((name) => {
    const nic = interfaces.find((i) => i.name === name);
    if (!nic) return [`${name} does not exist`];
    if (parseBoolean(nic.disabled) || !parseBoolean(nic.running)) return [`${name} is not running`];
    return [];
  });
}

export async function runGate(open: () => Promise<RouterOsClient>, plan: RouterOsPlan): Promise<GateVerdict> {
  let client: RouterOsClient;
  try {
    client = await open();
  } catch (error) {
    return { passed: false, reason: `the management path was lost after the apply: ${(error as Error).message}` };
  }
  try {
    const left = await readBackMatches(client, plan);
    if (left.length > 0) return { passed: false, reason: `the router does not hold the plan after the apply: ${summariseDiff(left)}` };
    const lan = await lanProblems(client, plan);
    if (lan.length > 0) return { passed: false, reason: `the LAN the policy serves is not ready: ${lan.join("; ")}` };
    return { passed: true, detail: `new API session read back ${plan.objects.length} objects equal to the plan; LAN interfaces running` };
  } catch (error) {
    return { passed: false, reason: `reading back over a new session failed: ${(error as Error).message}` };
  } finally {
    await client.close();
  }
}
