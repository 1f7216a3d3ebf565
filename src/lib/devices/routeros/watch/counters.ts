// The monitor's per-poll read, trimmed to what changes, and how it refreshes the rows of the last full read.
// Pure: tested without a router.
//
// Per poll each menu is printed with only its moving values and what tells that its configuration changed:
//   /ip/firewall/mangle/print =.proplist=.id,packets,bytes,disabled   (shown tables whole, as the full read)
//   !re =.id=*12 =packets=953 =bytes=104874 =disabled=false
//   /ip/route/print =.proplist=.id,active,disabled ?comment=waymark:route:isp-a:via:isp-a ?comment=… ?#|
//   !re =.id=*80000002 =active=true =disabled=false          (an inactive route prints no `active`)
//   /tool/netwatch/print =.proplist=.id,status,since,disabled ?comment=… ?#|
//   !re =.id=*1 =status=up =since=2026-11-20 10:00:00 =disabled=false
// (API page, "print": `.proplist` names the properties a reply carries; values are strings, counters unsigned
// 64-bit decimals.) When a menu's `.id`s, their order or their `disabled` differ from the cached rows, a rule was
// added, removed, moved or switched: the caller reads the configuration again at once.

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import { FIREWALL_TABLES } from "@/lib/domain/diff/routeros";

import type { RouterOsRow } from "../reply";
import { commentQuery, readMenusOf, SHOWN_TABLES } from "../readback/read-state";

export type CounterRead = { menu: string; props: readonly string[]; words: string[] };

const STRUCTURE = [".id", "disabled"] as const;

/** What moves by itself in each menu; a menu not listed (address lists, routing tables) moves only by an edit. */
const movingProps = (menu: string): readonly string[] | null => {
  if (FIREWALL_TABLES.has(menu)) return ["packets", "bytes"];
  if (menu === "/ip/route") return ["active"];
  if (menu === "/tool/netwatch") return ["status", "since"];
  return null;
};

/** One trimmed print per menu that has moving values, in the full read's menu order. */
export function counterReads(plan: RouterOsPlan): CounterRead[] {
  return readMenusOf(plan, [...SHOWN_TABLES]).flatMap((menu) => {
    const moving = movingProps(menu);
    if (moving === null) return [];
    const props = [...STRUCTURE, ...moving];
    const query = SHOWN_TABLES.has(menu) ? [] : commentQuery(plan, menu);
    return [{ menu, props, words: [`${menu}/print`, `=.proplist=${props.join(",")}`, ...query] }];
  });
}

const disabledOf = (row: RouterOsRow): string => row.disabled ?? "false";

/** Why the configuration must be read again, or null when only the moving values differ. */
export function structureChange(cached: readonly RouterOsRow[], fresh: readonly RouterOsRow[], menu: string): string | null {
  if (cached.length !== fresh.length) return `${menu}: ${fresh.length} rows, were ${cached.length}`;
  for (const [index, row] of fresh.entries()) {
    const before = cached[index]!;
    if (row[".id"] !== before[".id"]) return `${menu}: ${row[".id"] ?? "?"} where ${before[".id"] ?? "?"} was`;
    if (disabledOf(row) !== disabledOf(before)) return `${menu}: ${row[".id"]} disabled=${disabledOf(row)}`;
  }
  return null;
}

export type Refreshed = { menus: Record<string, RouterOsRow[]> } | { changed: string };

/**
 * The cached rows with the fresh moving values (a value the fresh row leaves out is gone, as an inactive route's
 * `active`), or why the configuration must be read again.
 */
export function refreshMenus(cached: Readonly<Record<string, RouterOsRow[]>>, reads: readonly CounterRead[], fresh: readonly RouterOsRow[][]): Refreshed {
  const menus: Record<string, RouterOsRow[]> = { ...cached };
  for (const [index, read] of reads.entries()) {
    const before = cached[read.menu] ?? [];
    const now = fresh[index] ?? [];
    const changed = structureChange(before, now, read.menu);
    if (changed !== null) return { changed };
    menus[read.menu] = before.map((row, i) => {
      const next = { ...row };
      for (const prop of read.props) {
        const value = now[i]![prop];
        if (value === undefined) delete next[prop];
        else next[prop] = value;
      }
      return next;
    });
  }
  return { menus };
}
