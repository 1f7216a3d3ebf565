// How a bump is recognised in a reading: the fleet sets a Waymark rule's packet counter to MARKER_BASE + k ×
// MARKER_STEP (k counts up from 1 within a run). Traffic adds a few packets a second, far less than a step, and
// no rule of the fleet's routers reaches MARKER_BASE on its own; the largest marker stays well under 2^64.
export const MARKER_BASE = 10n ** 15n;
export const MARKER_STEP = 10n ** 9n;

/** The highest bump among a reading's rule counters (decimal strings), or -1. */
export function markerOf(rules: readonly { packets: string | null }[]): number {
  let best = -1n;
  for (const rule of rules) {
    if (rule.packets === null || rule.packets.length < 16) continue;
    const packets = BigInt(rule.packets);
    if (packets >= MARKER_BASE) {
      const k = (packets - MARKER_BASE) / MARKER_STEP;
      if (k > best) best = k;
    }
  }
  return Number(best);
}
