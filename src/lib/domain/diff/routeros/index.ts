// Desired RouterOS objects against what a router printed → the ordered steps that make the router match.
//
// Ownership: an item is Waymark's when its comment starts with "waymark:" and it is not dynamic; nothing else is
// touched, moved or referred to except as a position. Step order: adds in dependency order (routing tables before
// the routes and marks naming them, interface lists before their members), then sets, then removes in reverse
// dependency order, so nothing is ever left pointing at an object that is not there yet or any more.
//
// Firewall placement: Waymark's rules in a table form one block. On the first push the block goes at the END of
// the table, after the admin's own rules, so the admin's accepts and marks (a VPN's marking, say) keep precedence
// and Waymark balances only the traffic they leave. Later pushes keep the block wherever the admin moved it: new
// rules go in at their plan position inside it (place-before the next Waymark rule), and Waymark rules the admin
// reordered are moved back into plan order. Rules already in relative plan order (a longest increasing run) stay
// put, so a push moves as little as it can.

import { dependencyRank, FIREWALL_TABLES, type MenuVersion } from "./menus";
import { hasChanges, propertyChanges, restorableProperties } from "./properties";
import { isWaymarkComment, longestIncreasing, sameRef, TableModel } from "./table";
import type { AddStep, CurrentState, DesiredObject, DiffOptions, DiffStep, ItemRef, MoveStep, PrintedItem, RemoveStep, SetStep } from "./types";

export type * from "./types";
export { FIREWALL_TABLES, menuInfo, ownedMenus, type MenuInfo } from "./menus";
export { normaliseValue, parseDurationMs } from "./normalise";
export { restorableProperties } from "./properties";
export { isWaymarkComment, WAYMARK_PREFIX } from "./table";

/**
 * The Waymark objects a router has now, as desired objects: diffing a later state against them says whether that
 * state is this one again (a rollback is verified this way). Disabled state is kept as a property.
 */
export function objectsOf(current: CurrentState, version: MenuVersion): DesiredObject[] {
  return Object.entries(current).flatMap(([menu, items]) => {
    const seen = new Set<string>();
    return items.flatMap((item) => {
      const comment = item.comment;
      if (item.dynamic === "true" || !isWaymarkComment(comment) || seen.has(comment)) return [];
      seen.add(comment);
      const properties = restorableProperties(menu, item, version);
      delete properties.comment;
      return [{ menu, comment, properties }];
    });
  });
}

type MenuDiff = { placed: (AddStep | MoveStep)[]; sets: SetStep[]; removes: RemoveStep[] };

export function diffRouterOs(desired: readonly DesiredObject[], current: CurrentState, options: DiffOptions): DiffStep[] {
  const menus = [...new Set([...desired.map((d) => d.menu), ...Object.keys(current)])].sort((a, b) => dependencyRank(a) - dependencyRank(b));
  const diffs = menus.map((menu) =>
    diffMenu(
      menu,
      desired.filter((d) => d.menu === menu),
      current[menu] ?? [],
      { version: options.version, netwatch: current["/tool/netwatch"] ?? [] },
    ),
  );
  return [...diffs.flatMap((d) => d.placed), ...diffs.flatMap((d) => d.sets), ...diffs.reverse().flatMap((d) => d.removes)];
}

type MenuContext = { version: MenuVersion; netwatch: readonly PrintedItem[] };

function diffMenu(menu: string, desired: readonly DesiredObject[], items: readonly PrintedItem[], context: MenuContext): MenuDiff {
  const owned = items.filter((item) => item.dynamic !== "true" && isWaymarkComment(item.comment));
  const kept = new Map<string, PrintedItem>();
  const stale: PrintedItem[] = [];
  const wanted = new Set(desired.map((d) => d.comment));
  for (const item of owned) {
    const comment = item.comment!;
    // A second item with the same comment (a copy, a half-finished push) is not Waymark's object: it goes.
    if (!wanted.has(comment) || kept.has(comment)) stale.push(item);
    else kept.set(comment, item);
  }
  const model = new TableModel(items);
  const placed = FIREWALL_TABLES.has(menu) ? placeFirewall(menu, desired, kept, model, context) : appendAll(menu, desired, kept, context);
  const sets = desired.flatMap((d) => {
    const item = kept.get(d.comment);
    if (!item) return [];
    const changes = propertyChanges(d, item, context.version);
    if (!hasChanges(changes)) return [];
    return [{ kind: "set" as const, menu, target: { id: item[".id"] ?? "", comment: d.comment }, ...changes }];
  });
  const removes = stale.map((item): RemoveStep => {
    const target = { id: item[".id"] ?? "", comment: item.comment! };
    const previousBefore = FIREWALL_TABLES.has(menu) ? model.successor(target) : undefined;
    model.remove(target);
    return { kind: "remove", menu, target, previous: restorableProperties(menu, item, context.version), ...(previousBefore ? { previousBefore } : {}) };
  });
  return { placed, sets, removes };
}

function addStep(menu: string, d: DesiredObject, context: MenuContext, placeBefore?: ItemRef): AddStep {
  const properties: Record<string, string> = { ...d.properties };
  if (startsSwitchedOff(d, context.netwatch)) properties.disabled = "yes";
  return { kind: "add", menu, comment: d.comment, properties, ...(placeBefore ? { placeBefore } : {}) };
}

/**
 * A new object that a netwatch entry switches starts in the state that entry's last verdict calls for; while the
 * entry is new or undecided it starts enabled and the entry's first up/down script settles it.
 */
function startsSwitchedOff(d: DesiredObject, netwatch: readonly PrintedItem[]): boolean {
  if (!d.switchedBy) return false;
  const status = netwatch.find((n) => n.comment === d.switchedBy!.netwatch)?.status;
  return (status === "up" || status === "down") && status !== d.switchedBy.enabledWhen;
}

function appendAll(menu: string, desired: readonly DesiredObject[], kept: ReadonlyMap<string, PrintedItem>, context: MenuContext): AddStep[] {
  return desired.filter((d) => !kept.has(d.comment)).map((d) => addStep(menu, d, context));
}

function placeFirewall(
  menu: string,
  desired: readonly DesiredObject[],
  kept: ReadonlyMap<string, PrintedItem>,
  model: TableModel,
  context: MenuContext,
): (AddStep | MoveStep)[] {
  const planIndex = new Map(desired.map((d, index) => [d.comment, index]));
  // Kept rules in router order, by plan position; those on a longest increasing run stay where they are.
  const present = model.entries.filter((e) => e.waymark && e.ref.comment !== undefined && kept.get(e.ref.comment)?.[".id"] === e.ref.id);
  const positions = present.map((e) => planIndex.get(e.ref.comment!)!);
  const run = longestIncreasing(positions);
  const stays = new Set(positions.filter((_, i) => run.has(i)));
  const blockEnd = model.blockEnd();
  const anchorAfter = (index: number): ItemRef | undefined => {
    for (let next = index + 1; next < desired.length; next++) {
      if (stays.has(next)) return { id: kept.get(desired[next]!.comment)![".id"] ?? "", comment: desired[next]!.comment };
    }
    return blockEnd;
  };
  const steps: (AddStep | MoveStep)[] = [];
  desired.forEach((d, index) => {
    const item = kept.get(d.comment);
    if (item && stays.has(index)) return;
    const before = anchorAfter(index);
    if (!item) {
      steps.push(addStep(menu, d, context, before));
      model.insert({ comment: d.comment }, before);
      return;
    }
    const target = { id: item[".id"] ?? "", comment: d.comment };
    const previousBefore = model.successor(target);
    if (sameRef(previousBefore, before)) return;
    model.move(target, before);
    steps.push({ kind: "move", menu, target, ...(before ? { before } : {}), ...(previousBefore ? { previousBefore } : {}) });
  });
  return steps;
}
