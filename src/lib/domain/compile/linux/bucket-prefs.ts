import { bucketCounts } from "./pool";

// Which backend serves each bucket of a server pool, for every combination of dead backends, as one ordered
// preference list per bucket: the on-gateway monitor gives a bucket to the first backend of its list whose check
// is up, so its rule is the same one line in sh and here (`serving`).
//
//   - First choice: the exact largest-remainder apportionment by weight (bucketCounts), interleaved (below), so with
//     every backend up the spread is exactly the weights, over every 100 consecutive connections with `numgen inc`.
//   - The rest: weighted rendezvous hashing (highest random weight: score = -weight / ln(u), u uniform in (0, 1)
//     from a hash of the backend's name and the bucket). A dead backend's buckets then spread over the survivors
//     roughly by weight, and a survivor's buckets never move, whichever backends die.
// Pure and deterministic (a hash, no randomness), so the same intent gives the same lists on every compile.

/** A backend of one pool, by its position among the pool's backends (at most 16: one hex digit). */
export type PrefBackend = { index: number; name: string; weight: number };

export function bucketPreferences(active: readonly PrefBackend[], buckets: number): number[][] {
  if (active.length === 0) return [];
  const counts = bucketCounts(active.map((b) => b.weight));
  const first = interleaved(counts).map((k) => active[k]!.index);
  if (first.length !== buckets) throw new Error(`bucketPreferences expects ${buckets} buckets`);
  return first.map((head, bucket) => {
    const rest = active
      .filter((b) => b.index !== head)
      .map((b) => ({ index: b.index, score: rendezvousScore(b, bucket) }))
      .sort((a, b) => b.score - a.score || a.index - b.index);
    return [head, ...rest.map((r) => r.index)];
  });
}

// The buckets' first choices in smooth weighted round-robin order (each slot goes to the highest running credit,
// credits grow by each share and the chosen one pays the total): exactly counts[k] buckets each, spread out. With
// `numgen inc` consecutive connections take consecutive buckets, so contiguous ranges would send a burst of
// connections to one backend after another instead of interleaving them by weight.
function interleaved(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  const credit = counts.map(() => 0);
  return Array.from({ length: total }, () => {
    for (const [k, c] of counts.entries()) credit[k]! += c;
    const chosen = credit.indexOf(Math.max(...credit));
    credit[chosen]! -= total;
    return chosen;
  });
}

/** Preference lists as monitor.conf words: one hex digit per backend index, a word per bucket. */
export function preferenceWords(prefs: readonly number[][]): string[] {
  return prefs.map((list) => list.map((i) => i.toString(16)).join(""));
}

/** The backend a bucket goes to while exactly the `up` backends pass their checks; null when none of its list does. */
export function serving(list: readonly number[], up: ReadonlySet<number>): number | null {
  return list.find((i) => up.has(i)) ?? null;
}

function rendezvousScore(backend: PrefBackend, bucket: number): number {
  const u = (fnv1a(`${backend.name}/${bucket}`) + 0.5) / 2 ** 32;
  return -backend.weight / Math.log(u);
}

// FNV-1a, then murmur3's finaliser: FNV alone barely mixes its last bytes, so names differing in one character
// ranked the same way in every bucket (all of a dead backend's buckets went to one survivor).
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}
