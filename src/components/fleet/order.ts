import type { FleetRow, PollState } from "@/lib/domain/monitor/live";

// Worst first, as the server sorts the fleet: by the urgency the domain gave each row (domain/monitor/fleet.ts), then
// by name, so the page does not reshuffle between updates.

const FAILING: ReadonlySet<PollState> = new Set(["unreachable", "timed_out", "protocol_error", "auth_failed", "host_key_mismatch"]);

export const isFailing = (row: Pick<FleetRow, "state">): boolean => FAILING.has(row.state);

export function sortFleet(rows: readonly FleetRow[]): FleetRow[] {
  return [...rows].sort((a, b) => a.urgency - b.urgency || a.name.localeCompare(b.name) || a.deviceId.localeCompare(b.deviceId));
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
