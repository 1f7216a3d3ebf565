import type { FleetRow } from "@/lib/domain/monitor/live";
import { PUSH_STATUS_SHORT, type PushStatus } from "../policy/push-words";
import { isFailing } from "./order";

// A fleet row's facts in the admin's words: "unreachable: connection refused", "2 up · 1 down (isp-b)", "drifted".

export type Tone = "ok" | "warn" | "bad" | "idle";

const STATE_TEXT: Record<FleetRow["state"], string> = {
  starting: "starting to poll",
  ok: "reachable",
  unreachable: "unreachable",
  timed_out: "not answering in time",
  protocol_error: "answering in a way Waymark does not understand",
  auth_failed: "refusing Waymark's credentials",
  host_key_mismatch: "presenting a different SSH host key",
  not_pushed: "reachable; nothing of Waymark's on it yet",
  paused: "monitoring off",
};

export function reachWords(row: FleetRow): { text: string; tone: Tone } {
  if (!isFailing(row)) return { text: STATE_TEXT[row.state], tone: row.state === "ok" ? "ok" : "idle" };
  const lead = row.state.replace("_", " ");
  const problem = row.problem?.toLowerCase().startsWith(`${lead}:`) ? row.problem.slice(lead.length + 1).trim() : row.problem;
  return { text: problem ? `${STATE_TEXT[row.state]}: ${problem.replace(/\.$/, "")}` : STATE_TEXT[row.state], tone: "bad" };
}

export function linkWords(row: FleetRow): { text: string; tone: Tone } {
  const parts = (["up", "degraded", "down", "unknown"] as const).filter((h) => (row.links[h] ?? 0) > 0).map((h) => `${row.links[h]} ${h}`);
  if (parts.length === 0) return { text: "—", tone: "idle" };
  // Unknown links are named by nothing new: they are unknown because the device is, or not yet read.
  const notUp = row.linksNotUp
    .filter((l) => l.state !== "unknown")
    .map((l) => l.name)
    .join(", ");
  const down = (row.links.down ?? 0) > 0;
  const tone: Tone = down ? "bad" : notUp ? "warn" : (row.links.up ?? 0) > 0 ? "ok" : "idle";
  return { text: `${parts.join(" · ")}${notUp ? ` (${notUp})` : ""}`, tone };
}

export function driftWords(row: FleetRow): { text: string; tone: Tone } {
  if (row.drifted === null) return { text: "—", tone: "idle" };
  return row.drifted ? { text: "drifted", tone: "warn" } : { text: "in step", tone: "ok" };
}

export function pushWords(row: FleetRow): { status: string; tone: Tone } | null {
  if (!row.lastPush) return null;
  const status = row.lastPush.status as PushStatus;
  const text = PUSH_STATUS_SHORT[status] ?? row.lastPush.status;
  const tone: Tone = status === "confirmed" || status === "unchanged" ? "ok" : status === "running" ? "idle" : status === "failed" ? "bad" : "warn";
  return { status: text, tone };
}

/**
 * "12 devices: 2 not reachable, 1 with links down", or with a filter "2 of 12 devices match: 1 not reachable": the
 * page's one-line summary of what it shows, also announced as it changes.
 */
export function fleetSummary(shown: readonly FleetRow[], total: number, filtered: boolean): string {
  const failing = shown.filter(isFailing).length;
  const linksDown = shown.filter((r) => !isFailing(r) && (r.links.down ?? 0) > 0).length;
  const drifted = shown.filter((r) => r.drifted).length;
  const parts = [failing && `${failing} not reachable`, linksDown && `${linksDown} with links down`, drifted && `${drifted} drifted`].filter(Boolean);
  const devices = `${total} ${total === 1 ? "device" : "devices"}`;
  const head = filtered ? `${shown.length} of ${devices} match the filter` : devices;
  return parts.length ? `${head}: ${parts.join(", ")}` : `${head}${shown.length > 0 ? ", all well" : ""}`;
}
