import type { LinkHealth } from "../device/reading";
import type { DeviceLive, FleetRow, PollState } from "./live";

// The fleet page: one row per device from its inventory entry and the monitor's latest update, sorted so what
// needs the admin comes first. `lastPush` is the confirmed push whose plan the device runs (what its reading is
// checked against), the same one the device's own state shows.

export type FleetDevice = {
  id: string;
  name: string;
  kind: "routeros" | "linux";
  host: string;
  pollIntervalSec: number;
  monitored: boolean;
};

const HEALTHS: LinkHealth[] = ["up", "degraded", "down", "unknown"];
const FAILING: ReadonlySet<PollState> = new Set(["unreachable", "timed_out", "protocol_error", "auth_failed", "host_key_mismatch"]);

export function toFleetRow(device: FleetDevice, live: DeviceLive | null, openAlerts: number): FleetRow {
  const reading = live?.reading ?? null;
  const state: PollState = !device.monitored ? "paused" : (live?.state ?? "starting");
  // A device that does not answer says nothing of its links and backends now: its last reading's states would read
  // as current.
  const linkStates = (reading?.links ?? []).map((l) => ({ name: l.name, state: FAILING.has(state) ? ("unknown" as const) : l.state }));
  const links = Object.fromEntries(HEALTHS.map((h) => [h, 0])) as Record<LinkHealth, number>;
  for (const link of linkStates) links[link.state] += 1;
  const row = {
    deviceId: device.id,
    name: device.name,
    kind: device.kind,
    host: device.host,
    state,
    problem: device.monitored ? (live?.problem ?? null) : null,
    links,
    linksNotUp: linkStates.filter((l) => l.state !== "up"),
    backendsDown: FAILING.has(state) ? 0 : (reading?.backends ?? []).filter((b) => b.state === "down").length,
    drifted: reading ? reading.drift.drifted : null,
    lastPush: live?.lastPush ?? null,
    openAlerts,
    readAt: reading?.readAtMs ?? null,
    intervalMs: live?.intervalMs ?? device.pollIntervalSec * 1000,
  };
  return { ...row, urgency: urgency(row) };
}

/**
 * How badly a row needs the admin, 0 first: the dashboard cannot read the device, then links down, then degraded
 * (a link degraded or a backend down), drift, open alerts, and last the rows with nothing to say.
 */
export function urgency(row: Omit<FleetRow, "urgency">): number {
  if (FAILING.has(row.state)) return 0;
  if ((row.links.down ?? 0) > 0) return 1;
  if ((row.links.degraded ?? 0) > 0 || row.backendsDown > 0) return 2;
  if (row.drifted) return 3;
  if (row.openAlerts > 0) return 4;
  return 5;
}

/** Worst first; ties by name, so the page does not reshuffle between updates. */
export function worstFirst(a: FleetRow, b: FleetRow): number {
  return a.urgency - b.urgency || a.name.localeCompare(b.name) || a.deviceId.localeCompare(b.deviceId);
}
