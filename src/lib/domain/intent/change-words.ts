// Shared wording for the meaning-level diff (changes.ts): one change is one line an admin reads in the history,
// in the review before a push and in the saved-vs-running banner.

/** One change, in the admin's words: `subject` is what changed ("link wan1"), `text` the whole sentence. */
export type IntentChange = { subject: string; text: string };

export const change = (subject: string, text: string): IntentChange => ({ subject, text });

export const arrow = (before: string | number, after: string | number): string => `${before} → ${after}`;

/** "+9.9.9.9, −8.8.8.8" for two lists of the same kind of thing; "" when they hold the same members. */
export function memberDelta(before: readonly string[], after: readonly string[]): string {
  const added = after.filter((v) => !before.includes(v)).map((v) => `+${v}`);
  const removed = before.filter((v) => !after.includes(v)).map((v) => `−${v}`);
  return [...added, ...removed].join(", ");
}

export const sameOrder = (before: readonly string[], after: readonly string[]): boolean =>
  before.length === after.length && before.every((v, i) => v === after[i]);

export const ms = (value: number): string => `${value} ms`;

export const list = (values: readonly string[]): string => values.join(", ");

/**
 * The members of `after` that moved relative to the others, from the longest run kept in the same order
 * (longest common subsequence): moving one item past three others reports that one item, not four.
 */
export function movedMembers(before: readonly string[], after: readonly string[]): string[] {
  const common = after.filter((v) => before.includes(v));
  const old = before.filter((v) => after.includes(v));
  const n = old.length;
  const m = common.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = old[i] === common[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const kept = new Set<string>();
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (old[i] === common[j]) {
      kept.add(old[i]!);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return common.filter((v) => !kept.has(v));
}
