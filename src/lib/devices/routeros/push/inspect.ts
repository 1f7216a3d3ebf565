import "server-only";

// What a push needs to know before it changes anything: which router this is, whether it can take safe mode,
// every item of the menus Waymark may own objects in, and whether an earlier push is still armed.

import { isWaymarkComment, ownedMenus, type CurrentState } from "@/lib/domain/diff/routeros";
import type { RouterOsPlan } from "@/lib/domain/compile/routeros";

import { RouterOsTrapError, type RouterOsClient } from "../api-client";
import type { RouterOsRow } from "../reply";
import { parseIdentityName, parseResource } from "../transform";
import { parseRouterOsVersion } from "@/lib/domain/routeros-version";
import { anyOf, printItems, removeItems } from "./commands";
import { NO_SUCH } from "./protection";

export type RouterInspection = {
  identity: string;
  model: string;
  /** As /system/resource prints it, e.g. "7.16.2 (stable)". */
  version: string;
  major: number;
  /** The router has /safe-mode/take (7.20 and later over the API). */
  safeMode: boolean;
  /** Items of every menu Waymark may own objects in, as printed. */
  current: CurrentState;
  /** Names of Waymark rollback jobs still scheduled: an earlier push that has not confirmed or rolled back. */
  armedJobs: string[];
  warnings: string[];
};

/** `/safe-mode/print` is harmless; a router without the menu answers "no such command prefix". */
async function hasSafeMode(client: RouterOsClient): Promise<boolean> {
  try {
    await client.command(["/safe-mode/print"]);
    return true;
  } catch (error) {
    if (error instanceof RouterOsTrapError && NO_SUCH.has(error.trapMessage)) return false;
    throw error;
  }
}

/** Menus read for a plan: the plan's own and every menu a Waymark object could have been left in. */
export const menusToRead = (plan: Pick<RouterOsPlan, "version" | "objects">): string[] => [
  ...new Set([...ownedMenus(plan.version), ...plan.objects.map((o) => o.menu)]),
];

/** Above this many Waymark items in one menu a full print is cheaper than an OR query naming them all. */
const MAX_QUERIED_COMMENTS = 200;

/**
 * Every item of one menu in router order: foreign items as `.id`, comment and dynamic only (all the diff needs to
 * place rules among them), Waymark items with every property. Address lists with 100k entries stay cheap.
 */
async function readMenu(client: RouterOsClient, menu: string): Promise<RouterOsRow[]> {
  const outline = await printItems(client, menu, { proplist: [".id", "comment", "dynamic"] });
  const comments = [...new Set(outline.map((row) => row.comment).filter(isWaymarkComment))];
  if (comments.length === 0) return outline;
  if (comments.length > MAX_QUERIED_COMMENTS) return printItems(client, menu);
  const { rows } = await client.command([`${menu}/print`, ...anyOf("comment", comments)]);
  const full = new Map(rows.map((row) => [row[".id"], row]));
  return outline.map((row) => full.get(row[".id"]) ?? row);
}

export async function readMenus(client: RouterOsClient, menus: readonly string[]): Promise<CurrentState> {
  const rows = await Promise.all(menus.map((menu) => readMenu(client, menu)));
  return Object.fromEntries(menus.map((menu, index) => [menu, rows[index]!]));
}

// A fasttracked connection skips mangle, so PCC never marks it and it leaves by the main table (reference §2.1,
// the PCC page's note on fasttrack). The usual fix excludes marked connections: connection-mark=no-mark.
// /ip/firewall/filter/print row (v7 default configuration):
//   =.id=*4 =chain=forward =action=fasttrack-connection =connection-state=established,related =hw-offload=true
//   =bytes=0 =packets=0 =invalid=false =dynamic=false =disabled=false =comment=defconf: fasttrack
export function fasttrackWarnings(filter: readonly RouterOsRow[]): string[] {
  return filter
    .filter((rule) => rule.action === "fasttrack-connection" && rule.disabled !== "true" && rule["connection-mark"] !== "no-mark")
    .map((rule) => {
      const name = rule.comment ? `"${rule.comment}"` : (rule[".id"] ?? "?");
      return `filter rule ${name} fasttracks connections without connection-mark=no-mark: fasttracked connections bypass mangle, so PCC never balances them`;
    });
}

const ROLLBACK_PREFIX = "waymark-rollback-";

async function scheduledRollbacks(client: RouterOsClient): Promise<string[]> {
  const jobs = await printItems(client, "/system/scheduler", { proplist: [".id", "name"] });
  return jobs.map((job) => job.name ?? "").filter((name) => name.startsWith(ROLLBACK_PREFIX));
}

/**
 * A rollback script whose job is gone can only be left over from a push whose end was cut off after the job was
 * removed (the job removes its script when it fires). Nothing will ever run it; take it away so it cannot confuse
 * an admin or a later push.
 */
async function removeOrphanedRollbacks(client: RouterOsClient, armedJobs: readonly string[]): Promise<string[]> {
  const scripts = await printItems(client, "/system/script", { proplist: [".id", "name"] });
  const orphans = scripts.filter((s) => (s.name ?? "").startsWith(ROLLBACK_PREFIX) && !armedJobs.includes(s.name ?? ""));
  await removeItems(client, "/system/script", orphans.map((s) => s[".id"] ?? "").filter(Boolean));
  return orphans.map((s) => `removed ${s.name ?? "a rollback script"}, left without its job by an earlier push`);
}

export async function inspectRouter(client: RouterOsClient, plan: Pick<RouterOsPlan, "objects">): Promise<RouterInspection> {
  const [identityRows, resourceRows] = await Promise.all([
    client.command(["/system/identity/print"]),
    client.command(["/system/resource/print", "=.proplist=version,board-name"]),
  ]);
  const { model, version } = parseResource(resourceRows.rows);
  const major = parseRouterOsVersion(version)?.major ?? 0;
  const menus = menusToRead({ version: major >= 7 ? "7" : "6", objects: plan.objects });
  const [safeMode, current, armedJobs, fasttrack] = await Promise.all([
    hasSafeMode(client),
    readMenus(client, menus),
    scheduledRollbacks(client),
    printItems(client, "/ip/firewall/filter", {
      proplist: [".id", "comment", "action", "disabled", "connection-mark"],
      query: { action: "fasttrack-connection" },
    }),
  ]);
  const cleaned = await removeOrphanedRollbacks(client, armedJobs);
  return {
    identity: parseIdentityName(identityRows.rows),
    model,
    version,
    major,
    safeMode,
    current,
    armedJobs,
    warnings: [...fasttrackWarnings(fasttrack), ...cleaned],
  };
}
