// A menu's items in order, as the diff expects them to be after each step it has emitted so far: it tells every
// add and move where to go, and every move and remove which item followed it (to put it back on undo).

import type { ItemRef, PrintedItem } from "./types";

export const WAYMARK_PREFIX = "waymark:";

export const isWaymarkComment = (comment: string | undefined): comment is string => comment?.startsWith(WAYMARK_PREFIX) ?? false;

export type Entry = { ref: ItemRef; waymark: boolean; dynamic: boolean };

/** Same item; two absent refs (both "the end of the table") are the same too. */
export const sameRef = (a: ItemRef | undefined, b: ItemRef | undefined): boolean => {
  if (a === undefined || b === undefined) return a === b;
  return a.id !== undefined ? a.id === b.id : a.comment === b.comment && b.id === undefined;
};

export class TableModel {
  #entries: Entry[];

  constructor(items: readonly PrintedItem[]) {
    this.#entries = items.map((item) => {
      const id = item[".id"] ?? "";
      const comment = item.comment;
      const waymark = isWaymarkComment(comment) && item.dynamic !== "true";
      return { ref: waymark ? { id, comment } : { id }, waymark, dynamic: item.dynamic === "true" };
    });
  }

  get entries(): readonly Entry[] {
    return this.#entries;
  }

  /** The item right after `ref` now; undefined when it is last. */
  successor(ref: ItemRef): ItemRef | undefined {
    const at = this.#indexOf(ref);
    return this.#entries[at + 1]?.ref;
  }

  insert(ref: ItemRef, before: ItemRef | undefined): void {
    const entry: Entry = { ref, waymark: true, dynamic: false };
    if (before === undefined) this.#entries.push(entry);
    else this.#entries.splice(this.#indexOf(before), 0, entry);
  }

  move(ref: ItemRef, before: ItemRef | undefined): void {
    const [entry] = this.#entries.splice(this.#indexOf(ref), 1);
    if (entry === undefined) return;
    if (before === undefined) this.#entries.push(entry);
    else this.#entries.splice(this.#indexOf(before), 0, entry);
  }

  remove(ref: ItemRef): void {
    this.#entries.splice(this.#indexOf(ref), 1);
  }

  /**
   * Where a block of Waymark rules ends: the first static foreign item after the last Waymark item. Undefined when
   * the table has no Waymark item yet (the block then goes at the end) or when Waymark's items are last.
   */
  blockEnd(): ItemRef | undefined {
    let last = -1;
    this.#entries.forEach((entry, index) => {
      if (entry.waymark) last = index;
    });
    if (last < 0) return undefined;
    return this.#entries.slice(last + 1).find((entry) => !entry.dynamic)?.ref;
  }

  #indexOf(ref: ItemRef): number {
    const at = this.#entries.findIndex((entry) => sameRef(entry.ref, ref));
    if (at < 0) throw new Error(`diff model has no item ${ref.id ?? ref.comment}`);
    return at;
  }
}

/** Indices (into `values`) of one longest strictly increasing subsequence. */
export const longestIncreasing = (values: readonly number[]): Set<number> => {
  const length = values.map(() => 1);
  const previous = values.map(() => -1);
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < i; j++) {
      if (values[j]! < values[i]! && length[j]! + 1 > length[i]!) {
        length[i] = length[j]! + 1;
        previous[i] = j;
      }
    }
  }
  let best = -1;
  length.forEach((l, i) => {
    if (best < 0 || l > length[best]!) best = i;
  });
  const kept = new Set<number>();
  for (let i = best; i >= 0; i = previous[i]!) kept.add(i);
  return kept;
};
