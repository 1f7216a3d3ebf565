import type { AlertChange } from "./changes";

// Alert titles and sentences in the admin's words. The domain has no locale: times are UTC, as in a log.

export const utcTime = (ms: number): string => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

const POLL_WORDS: Record<string, string> = {
  unreachable: "unreachable",
  timed_out: "not answering (timed out)",
  protocol_error: "answering in a way Waymark does not understand",
  auth_failed: "refusing Waymark's login",
  host_key_mismatch: "presenting a different SSH host key",
};

const subjectWords = (c: Pick<AlertChange, "subject" | "name">): string => {
  if (c.subject === "backend") return `backend ${c.name}`;
  if (c.subject === "push") return `push ${c.name}`;
  if (c.subject === "node") return `site ${c.name}: node`;
  if (c.subject === "route") return `site ${c.name}: anycast route`;
  if (c.subject === "bgp") return `BGP session ${c.name}`;
  if (c.subject === "device") return c.name === "drift" ? "configuration" : "device";
  return c.name;
};

/** "wan1 down", "device unreachable", "configuration drifted", "push p-123 rolled back". */
export function changeTitle(c: Pick<AlertChange, "subject" | "name" | "state" | "verdict">): string {
  if (c.subject === "device" && c.name === "polling") return c.verdict === "good" ? "device reachable again" : `device ${POLL_WORDS[c.state] ?? c.state}`;
  if (c.subject === "device") return c.state === "drifted" ? "configuration drifted" : "configuration back in sync";
  if (c.subject === "push") return `${subjectWords(c)} rolled back`;
  return `${subjectWords(c)} ${c.state === "up" ? "up" : c.state}`;
}

export function changeText(deviceName: string, c: AlertChange): string {
  const when = `detected ${utcTime(c.atMs)} by the device's clock`;
  const before = c.previous === null ? "" : ` (was ${c.previous})`;
  const detail = c.detail === "" ? "" : ` ${c.detail[0]?.toUpperCase()}${c.detail.slice(1)}.`;
  return `${deviceName}: ${changeTitle(c)}${before}, ${when}.${detail}`;
}

export function flappingTitle(c: Pick<AlertChange, "subject" | "name">, count: number, windowMin: number): string {
  return `${subjectWords(c)} flapping: ${count} transitions in ${windowMin} min`;
}

export function flappingText(deviceName: string, c: Pick<AlertChange, "subject" | "name">, count: number, windowMin: number): string {
  return (
    `${deviceName}: ${subjectWords(c)} changed state ${count} times within ${windowMin} minutes. Waymark groups its further ` +
    `changes into this one alert and writes again once it has been stable for ${windowMin} minutes.`
  );
}

export function stableTitle(c: Pick<AlertChange, "subject" | "name">, state: string, sinceMs: number): string {
  return `${subjectWords(c)} stable again (${state} since ${utcTime(sinceMs)})`;
}

export function stableText(deviceName: string, c: Pick<AlertChange, "subject" | "name">, state: string, sinceMs: number, changes: number): string {
  return `${deviceName}: ${subjectWords(c)} has stayed ${state} since ${utcTime(sinceMs)}; ${changes} transitions while it flapped.`;
}
