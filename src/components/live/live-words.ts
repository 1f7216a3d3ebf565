import type { DeviceLive, PollState } from "@/lib/domain/monitor/live";
import { formatTime } from "../format-time";
import type { LiveView } from "./use-device-live";

// How a live view is doing, in words: "live", "reconnecting…", "device unreachable: connection refused, next try in
// 8 s", "last read 12 s ago". `text` may tick every second; `announce` (for the aria-live region) changes only when
// the situation does, so a screen reader is not read a countdown.

export type LiveTone = "ok" | "wait" | "bad";
export type LiveWords = { text: string; announce: string; tone: LiveTone };

const FAILING: Partial<Record<PollState, string>> = {
  unreachable: "device unreachable",
  timed_out: "device not answering in time",
  protocol_error: "device answering in a way Waymark does not understand",
  auth_failed: "device refusing Waymark's credentials",
  host_key_mismatch: "gateway presenting a different SSH host key (an admin must accept it)",
};

/** "12 s", "4 min", "2 h": how long ago, coarse enough to read at a glance. */
export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/** The monitor's problem without a lead that repeats the state ("unreachable: connection refused" → "connection refused"). */
function detail(state: PollState, problem: string | null): string {
  if (!problem) return "";
  const lead = state.replace("_", " ");
  return problem.toLowerCase().startsWith(`${lead}:`) ? problem.slice(lead.length + 1).trim() : problem;
}

function failureWords(live: DeviceLive, lead: string, nowMs: number): LiveWords {
  const why = detail(live.state, live.problem);
  const head = why ? `${lead}: ${why.replace(/\.$/, "")}` : lead;
  const waitMs = live.nextAttemptAt === null ? null : live.nextAttemptAt - nowMs;
  const next = waitMs === null ? "" : waitMs > 500 ? `, next try in ${Math.ceil(waitMs / 1000)} s` : ", trying again now";
  // The last good reading stays on screen; say how old it is, so its "online" links are not taken for now.
  const kept = live.reading ? `. Showing the reading of ${formatTime(live.reading.readAtMs)}` : "";
  return { text: `${head}${next}${kept}`, announce: head, tone: "bad" };
}

function stateWords(live: DeviceLive, nowMs: number): LiveWords {
  const lead = FAILING[live.state];
  if (lead) return failureWords(live, lead, nowMs);
  const readAt = live.reading?.readAtMs ?? null;
  const since = readAt === null ? "" : `; last read ${ago(nowMs - readAt)} ago`;
  switch (live.state) {
    case "paused":
      return { text: `monitoring is off for this device${since}`, announce: "monitoring is off for this device", tone: "wait" };
    case "starting":
      return { text: "starting to poll the device…", announce: "starting to poll the device", tone: "wait" };
    case "not_pushed":
      return { text: "nothing of Waymark's is on the device yet, so there is nothing to read back", announce: "nothing to read back yet", tone: "wait" };
    default:
      break;
  }
  if (readAt === null) return { text: "waiting for the first reading…", announce: "waiting for the first reading", tone: "wait" };
  // A reading older than two intervals and a second means the monitor is late (a slow device, a busy dashboard).
  if (nowMs - readAt > live.intervalMs * 2 + 1_000)
    return { text: `last read ${ago(nowMs - readAt)} ago`, announce: "the last reading is getting old", tone: "wait" };
  return { text: "live", announce: "live", tone: "ok" };
}

export function liveWords(view: LiveView, nowMs: number): LiveWords {
  const { live } = view;
  if (view.stream === "reconnecting") {
    const readAt = live?.reading?.readAtMs;
    return { text: `reconnecting…${readAt ? ` last read ${ago(nowMs - readAt)} ago` : ""}`, announce: "reconnecting", tone: "wait" };
  }
  if (!view.received) return { text: "connecting…", announce: "connecting", tone: "wait" };
  if (!live) return { text: "waiting for the monitor's first poll of this device…", announce: "waiting for the first reading", tone: "wait" };
  return stateWords(live, nowMs);
}
