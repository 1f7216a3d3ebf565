// The lockout protection a push leaves on the router before it changes anything: a script that puts back what
// the diff is about to change, and a scheduler job that runs it when Waymark does not confirm in time.
//
// The script must be right however much of the push was applied (a connection can drop after any sentence, and
// safe mode may already have reverted everything), so it is written as "make it so", never "undo step n":
//   1. objects the push adds are removed by comment ([find] of nothing removes nothing), and properties it changes
//      are set back to what the router printed before (a no-op when they never changed); last step first;
//   2. objects the push removes are re-created from the printed copies: every item with that comment is removed,
//      then each old copy is added again (dependents removed before what they name, re-added after it);
//   3. firewall order is restored absolutely: from the last Waymark rule of the old table to the first, each is
//      moved before the item that followed it, which leaves every table as it was whatever subset of adds, moves
//      and removes had been applied (foreign rules are never moved).
// Only plain menu commands are used (no :if, no expressions), so the script runs on every RouterOS version.
// Objects are found by their waymark: comment, because re-created objects get new ids. A foreign neighbour is
// found by its own comment when no other item of the table shares it (ids change on reboot, and the job still
// fires after a reboot inside the confirm window); only a neighbour without a unique comment is named by id.

import { quoteRouterOs, renderValue } from "@/lib/domain/compile/routeros/quote";
import {
  FIREWALL_TABLES,
  isWaymarkComment,
  restorableProperties,
  type CurrentState,
  type DiffStep,
  type PrintedItem,
  type RemoveStep,
} from "@/lib/domain/diff/routeros";

const SWITCHES: ReadonlySet<string> = new Set(["fib", "blackhole"]);

/** "/ip/firewall/mangle" → "/ip firewall mangle", the spelling v6 and v7 both accept. */
const cli = (menu: string): string => `/${menu.split("/").filter(Boolean).join(" ")}`;

const find = (comment: string): string => `[find comment=${quoteRouterOs(comment)}]`;

const assignment = (name: string, value: string): string => {
  if (SWITCHES.has(name)) return name;
  if (name === "comment") return `comment=${quoteRouterOs(value)}`;
  return `${name}=${renderValue(value)}`;
};

const isSwitchOn = (value: string): boolean => value === "" || value === "true" || value === "yes";

function inverse(step: DiffStep, recreated: ReadonlySet<string>): string[] {
  const menu = cli(step.menu);
  if (step.kind === "add") return [`${menu} remove ${find(step.comment)}`];
  if (step.kind !== "set" || recreated.has(step.target.comment)) return [];
  const restore: string[] = [];
  const clear: string[] = [];
  for (const [name, before] of Object.entries(step.previous)) {
    if (before === null || (SWITCHES.has(name) && !isSwitchOn(before))) clear.push(name);
    else restore.push(assignment(name, before));
  }
  return [
    ...(restore.length > 0 ? [`${menu} set ${find(step.target.comment)} ${restore.join(" ")}`] : []),
    ...clear.map((name) => `${menu} unset ${find(step.target.comment)} value-name=${name}`),
  ];
}

/** Removes every copy of the removed objects (in the order the push removes them), then re-adds the old copies. */
function recreate(removes: readonly RemoveStep[], current: CurrentState, version: "6" | "7"): string[] {
  const seen = new Set<string>();
  const groups = removes.filter((r) => {
    const key = `${r.menu} ${r.target.comment}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const clear = groups.map((r) => `${cli(r.menu)} remove ${find(r.target.comment)}`);
  const readd = [...groups].reverse().flatMap((r) =>
    (current[r.menu] ?? [])
      .filter((item) => item.comment === r.target.comment && item.dynamic !== "true")
      .map((item) => {
        const props = Object.entries(restorableProperties(r.menu, item, version))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([name, value]) => assignment(name, value));
        return `${cli(r.menu)} add ${props.join(" ")}`;
      }),
  );
  return [...clear, ...readd];
}

/** Moves every Waymark rule of the old table back before the static item that followed it, last rule first. */
function restoreOrder(menu: string, items: readonly PrintedItem[]): string[] {
  const statics = items.filter((item) => item.dynamic !== "true");
  const uses = new Map<string, number>();
  for (const item of statics) if (item.comment) uses.set(item.comment, (uses.get(item.comment) ?? 0) + 1);
  const anchor = (item: PrintedItem): string =>
    isWaymarkComment(item.comment) || (item.comment && uses.get(item.comment) === 1) ? find(item.comment!) : (item[".id"] ?? "");
  const seen = new Set<string>();
  const lines: string[] = [];
  statics.forEach((item, index) => {
    const comment = item.comment;
    if (!isWaymarkComment(comment) || seen.has(comment)) return;
    seen.add(comment);
    const next = statics[index + 1];
    const destination = next === undefined ? "" : ` destination=${anchor(next)}`;
    lines.push(`${cli(menu)} move ${find(comment)}${destination}`);
  });
  return lines.reverse();
}

export type RollbackNames = { script: string; job: string };

/** Script and scheduler names for a push: "waymark-rollback-" + the first 8 letters/digits of its id. */
export const rollbackNames = (pushId: string): RollbackNames => {
  const short =
    pushId
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 8) || "push";
  const name = `waymark-rollback-${short}`;
  return { script: name, job: name };
};

/** The RouterOS script that undoes `steps` from whatever prefix of them was applied. */
export function rollbackScript(pushId: string, steps: readonly DiffStep[], current: CurrentState, version: "6" | "7"): string {
  const reordered = [...new Set(steps.filter((s) => FIREWALL_TABLES.has(s.menu) && s.kind !== "set").map((s) => s.menu))];
  const removes = steps.filter((s): s is RemoveStep => s.kind === "remove");
  const recreated = new Set(removes.map((r) => r.target.comment));
  const lines = [
    `# Waymark rollback for push ${pushId.replace(/[^A-Za-z0-9-]/g, "")}: undoes ${steps.length} changes, last first.`,
    ...[...steps].reverse().flatMap((step) => inverse(step, recreated)),
    ...recreate(removes, current, version),
    ...reordered.flatMap((menu) => restoreOrder(menu, current[menu] ?? [])),
  ];
  return `${lines.join("\n")}\n`;
}

/** The job's on-event: it removes itself first, so it can never run the rollback twice. */
export function rollbackOnEvent(names: RollbackNames): string {
  return [
    `/system scheduler remove [find name=${quoteRouterOs(names.job)}]`,
    `/system script run ${names.script}`,
    `/system script remove [find name=${quoteRouterOs(names.script)}]`,
  ].join("\n");
}

/** RouterOS duration for the job's interval. */
export const windowInterval = (confirmWindowSec: number): string => `${Math.max(1, Math.round(confirmWindowSec))}s`;
