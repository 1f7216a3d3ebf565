import type { FleetRow, PollState } from "@/lib/domain/monitor/live";

// Worst first, as the server sorts the fleet (domain/monitor/fleet.ts `worstFirst`; components import only types from
// the domain, so the page keeps its own copy of the order and applies it as single rows change): a device Waymark
// cannot read, then links down, then degraded (a link degraded or a backend down), drift, open alerts, the rest;
// by name within each, so the page does not reshuffle between updates.

const FAILING: ReadonlySet<PollState> = new Set(["unreachable", "timed_out", "protocol_error", "auth_failed", "host_key_mismatch"]);

export const isFailing = (row: Pick<FleetRow, "state">): boolean => FAILING.has(row.state);

function severity(row: FleetRow): number {
  if (isFailing(row)) return 0;
  if ((row.links.down ?? 0) > 0) return 1;
  if ((row.links.degraded ?? 0) > 0 || row.backendsDown > 0) return 2;
  if (row.drifted) return 3;
  if (row.openAlerts > 0) return 4;
  return 5;
}

export function sortFleet(rows: readonly FleetRow[]): FleetRow[] {
  return [...rows].sort((a, b) => severity(a) - severity(b) || a.name.localeCompare(b.name) || a.deviceId.localeCompare(b.deviceId));
}

/** A row matches a filter when every word is in its name, address, kind, problem or the names of its links not up. */
export function matchesFleetFilter(row: FleetRow, filter: string): boolean {
  const words = filter.trim().toLowerCase();
  if (!words) return true;
  const text = [
    row.name,
    row.host,
    row.kind === "routeros" ? "mikrotik routeros" : "linux",
    row.state.replace("_", " "),
    row.problem ?? "",
    ...row.linksNotUp.map((l) => l.name),
  ]
    .join(" ")
    .toLowerCase();
  return words.split(/\s+/).every((w) => text.includes(w));
}
