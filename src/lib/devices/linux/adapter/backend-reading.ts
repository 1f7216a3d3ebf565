import type { LinuxPlan } from "@/lib/domain/compile/linux";
import type { BackendReading, Traffic } from "@/lib/domain/device/reading";
import type { NamedCounter } from "../nft-counters";
import type { GatewayState } from "../read-state";

// A Linux pool's backends in the shape the RouterOS pools read back (so the Pools page, the history and /metrics
// take them alike): the check's verdict (pool-checks.sh's state file), the state the admin set, new connections
// (the forward hook's per-backend counter of NAT'd first packets), traffic both ways, and the open connections
// conntrack holds for it (established TCP and UDP flows whose reply comes from the backend).

const sum = (a: NamedCounter | undefined, b: NamedCounter | undefined): Traffic | null =>
  a === undefined || b === undefined ? null : { packets: (a.packets + b.packets).toString(), bytes: (a.bytes + b.bytes).toString() };

export function backendReadings(state: GatewayState, plan: LinuxPlan): BackendReading[] {
  // A state file the checks stopped writing says nothing about now.
  const checks = state.pools !== null && state.pools.stoppedAt === null && state.monitor.running ? state.pools : null;
  return (plan.monitor.pools ?? []).flatMap((pool) =>
    pool.backends.map((b): BackendReading => {
      const check = checks?.backends.find((c) => c.pool === pool.name && c.name === b.name) ?? null;
      const probe = check?.verdict ?? "unknown";
      return {
        pool: pool.name,
        name: b.name,
        address: b.address,
        port: b.port,
        state: b.state === "active" ? probe : b.state,
        since: check === null ? null : new Date(check.since).toISOString(),
        probe,
        newConnections: state.counters.get(b.counters.newConnections)?.packets.toString() ?? null,
        openConnections: state.backendConnections.get(`${pool.protocol} ${b.address}:${b.port}`) ?? (state.counters.size > 0 ? 0 : null),
        traffic: sum(state.counters.get(b.counters.tx), state.counters.get(b.counters.rx)),
      };
    }),
  );
}
