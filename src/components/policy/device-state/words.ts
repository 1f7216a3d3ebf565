import type { DeviceReading } from "@/lib/domain/device/reading";

// A reading's states and a failed read in the admin's words. Every state has a word as well as a colour, so the
// table reads the same without colour.

export type Health = DeviceReading["links"][number]["state"] | DeviceReading["backends"][number]["state"];
export type DriftChange = DeviceReading["drift"]["entries"][number]["change"];

export const HEALTH_LOOK: Record<Health, { text: string; dot: string; word: string }> = {
  up: { text: "up", dot: "bg-emerald-600", word: "text-emerald-800" },
  degraded: { text: "degraded", dot: "bg-amber-500", word: "text-amber-800" },
  down: { text: "down", dot: "bg-rose-600", word: "text-rose-800" },
  drain: { text: "draining", dot: "bg-amber-500", word: "text-amber-800" },
  disabled: { text: "disabled", dot: "bg-slate-400", word: "text-slate-600" },
  unknown: { text: "unknown", dot: "bg-slate-400", word: "text-slate-600" },
};

export const DRIFT_CHANGE_TEXT: Record<DriftChange, string> = {
  missing: "missing from the device",
  changed: "changed on the device",
  moved: "out of order",
  extra: "on the device but not in the plan",
};

const FAILURE_TEXT: Record<string, string> = {
  device_unreachable: "Waymark cannot reach the device",
  device_timed_out: "The device did not answer in time",
  device_auth_failed: "The device refused Waymark's credentials",
  device_host_key_mismatch: "The gateway presents a different SSH host key; Waymark will not connect until an admin accepts it",
  device_protocol_error: "The device answered in a way Waymark does not understand",
  unauthenticated: "Your session has ended; sign in again",
  forbidden: "You may not read this device",
};

/** Why a read failed, from the API's error code and message: "Waymark cannot reach the device: connection refused". */
export function describeReadFailure(code: string | null, message: string): string {
  const lead = code === null ? undefined : FAILURE_TEXT[code];
  if (!lead) return message;
  return message ? `${lead}: ${message}` : lead;
}
