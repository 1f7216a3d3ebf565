import type { Backend, BackendState, ServerPool } from "./inbound";
import type { Intent } from "./intent";

// Putting a backend into maintenance and back, as rules on the intent: what is refused (nothing changes), what is
// only worth a warning in the confirmation dialog, and the intent with the new state. The health check before a
// re-enable needs the device, so it lives in the service.

/** At or above this share of a pool's new connections, one backend "carries everything" for the admin. */
export const CARRIES_EVERYTHING_PERCENT = 80;

const STATE_WORDS: Record<BackendState, string> = { active: "active", drain: "draining", disabled: "disabled" };

export const backendStateWords = (state: BackendState): string => STATE_WORDS[state];

/** Each active backend's share of the pool's new connections, 0–100, by weight; out-of-service ones get 0. */
export function poolShares(pool: ServerPool): Map<string, number> {
  const total = pool.backends.reduce((sum, b) => sum + (b.state === "active" ? b.weight : 0), 0);
  return new Map(pool.backends.map((b) => [b.name, b.state !== "active" || total === 0 ? 0 : Math.round((b.weight * 1000) / total) / 10]));
}

/** Why this change cannot be made, in the admin's words; null when it can. */
export function backendStateRefusal(pool: ServerPool, backend: Backend, to: BackendState): string | null {
  if (backend.state === to) return `${backend.name} is already ${STATE_WORDS[to]}`;
  const othersActive = pool.backends.some((b) => b.name !== backend.name && b.state === "active");
  if (to !== "active" && backend.state === "active" && !othersActive) {
    const verb = to === "drain" ? "draining" : "disabling";
    return `${backend.name} is the last active backend of pool ${pool.name}; ${verb} it would leave the pool with nothing to send new connections to`;
  }
  return null;
}

/**
 * Said before a drain or disable: the backends left active would give one of them everything (it is the only one
 * left) or at least CARRIES_EVERYTHING_PERCENT % of new connections. Null when the load stays spread.
 */
export function takeOutWarning(pool: ServerPool, backend: string): string | null {
  const after: ServerPool = { ...pool, backends: pool.backends.map((b) => (b.name === backend ? { ...b, state: "drain" as const } : b)) };
  const active = after.backends.filter((b) => b.state === "active");
  if (active.length === 0) return null;
  if (active.length === 1) return `${active[0]!.name} would be the only active backend of pool ${pool.name}: it takes every new connection`;
  const shares = poolShares(after);
  const busiest = active.reduce((top, b) => ((shares.get(b.name) ?? 0) > (shares.get(top.name) ?? 0) ? b : top));
  const share = shares.get(busiest.name) ?? 0;
  return share >= CARRIES_EVERYTHING_PERCENT
    ? `${busiest.name} would take ${share} % of pool ${pool.name}'s new connections (weights ${active.map((b) => `${b.name} ${b.weight}`).join(", ")})`
    : null;
}

/** The intent with one backend's state changed; everything else as it was. */
export function withBackendState(intent: Intent, pool: string, backend: string, to: BackendState): Intent {
  const pools = intent.inbound?.pools ?? [];
  return {
    ...intent,
    inbound: {
      ...intent.inbound,
      pools: pools.map((p) => (p.name !== pool ? p : { ...p, backends: p.backends.map((b) => (b.name === backend ? { ...b, state: to } : b)) })),
    },
  };
}
