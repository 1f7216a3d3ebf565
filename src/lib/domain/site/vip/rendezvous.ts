// Who answers a bucket: rendezvous (highest random weight) hashing over the nodes a heartbeat sees alive. Every
// node computes the same owners from the same alive set with no coordination, a dead node's buckets spread over
// the survivors, and a surviving node's buckets never move (its weight for a bucket does not depend on the others).
// The heartbeat daemon (devices/linux/assets/vip-heartbeat.pl) implements the same hash byte for byte; the test
// runs its "owners" mode against this file.

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text` (the site grammar keeps it ASCII). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * MurmurHash3's 32-bit finalizer: FNV-1a alone leaves strings that differ only in their last byte (the node number)
 * ordered alike across buckets, so one node won half the buckets of a three-node site; mixed, each wins its share.
 */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The weight of node `nodeId` for `bucket` of `site`: fmix32(FNV-1a 32 of "<site>/<bucket>/<nodeId>"). */
export function weightOf(site: string, bucket: number, nodeId: number): number {
  return fmix32(fnv1a32(`${site}/${bucket}/${nodeId}`));
}

/** The alive node with the highest weight (ties: the higher node number); null when none is alive. */
export function ownerOf(site: string, bucket: number, alive: readonly number[]): number | null {
  let best: number | null = null;
  let bestWeight = -1;
  for (const node of alive) {
    const weight = weightOf(site, bucket, node);
    if (weight > bestWeight || (weight === bestWeight && best !== null && node > best)) {
      best = node;
      bestWeight = weight;
    }
  }
  return best;
}

/** Every bucket's owner, in bucket order. */
export function owners(site: string, buckets: number, alive: readonly number[]): (number | null)[] {
  return Array.from({ length: buckets }, (_, bucket) => ownerOf(site, bucket, alive));
}

/** The buckets `nodeId` answers while `alive` are the nodes alive. */
export function bucketsOf(site: string, buckets: number, alive: readonly number[], nodeId: number): number[] {
  return owners(site, buckets, alive).flatMap((owner, bucket) => (owner === nodeId ? [bucket] : []));
}
